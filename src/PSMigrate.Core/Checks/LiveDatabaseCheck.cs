using System.Diagnostics;
using PSMigrate.Execution;
using PSMigrate.Schema;

namespace PSMigrate.Checks;

/// <summary>A live database against the folder: every applied revision as it ran (checksums), and no drift.</summary>
internal static class LiveDatabaseCheck
{
    public static void Run(MigrationRunner database, SchemaWorkbench workbench, CheckLog log)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var problems = database.Problems();
            log.Add("checksums", null, problems.Count == 0 ? CheckStatus.Passed : CheckStatus.Failed,
                problems.Count == 0 ? $"{database.Database}: every applied revision is as it ran" : string.Join("; ", problems.Select(p => p.Message)), clock, database.Dialect);
            clock.Restart();
            var drift = workbench.Drift(database);
            log.Add("drift", null, drift.HasDifferences ? CheckStatus.Failed : CheckStatus.Passed,
                drift.HasDifferences ? $"{database.Database} differs from {drift.From}: {string.Join("; ", drift.Differences.Select(d => d.Description))}"
                    : $"{database.Database} matches {drift.From}", clock, database.Dialect);
        }
        catch (MigrationException e)
        {
            log.Add("drift", null, CheckStatus.Failed, e.Message, clock, null);
        }
    }
}
