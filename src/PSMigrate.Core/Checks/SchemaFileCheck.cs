using System.Diagnostics;
using PSMigrate.Schema;
using PSMigrate.Schema.Sources;

namespace PSMigrate.Checks;

/// <summary>The folder's heads against its schema.sql, when it has one.</summary>
internal static class SchemaFileCheck
{
    public static void Run(ScratchRun scratch, DatabaseSchema heads, string schemaFile, CheckLog log)
    {
        if (!File.Exists(schemaFile)) return;
        var clock = Stopwatch.StartNew();
        try
        {
            var desired = new SchemaSource.FromFile(schemaFile).Load(scratch.Build);
            var diff = SchemaWorkbench.Diff(heads, desired, scratch.Dialect, "migrations@heads", schemaFile);
            log.Add("schema", null, diff.HasDifferences ? CheckStatus.Failed : CheckStatus.Passed,
                diff.HasDifferences ? $"the heads differ from {schemaFile}: {string.Join("; ", diff.Differences.Select(d => d.Description))}"
                    : $"the heads match {schemaFile}", clock, scratch.Dialect);
        }
        catch (MigrationException e)
        {
            log.Add("schema", null, CheckStatus.Failed, e.Message, clock, scratch.Dialect);
        }
    }
}
