using System.Diagnostics;
using PSMigrate.Graph;
using PSMigrate.Files;

namespace PSMigrate.Checks;

/// <summary>The graph as the folder intends it: no errors, and only the heads and bases it means to have.</summary>
internal static class GraphCheck
{
    public static void Run(MigrationFolder folder, RevisionGraph graph, CheckLog log)
    {
        var clock = Stopwatch.StartNew();
        var problems = FolderProblems.Of(folder)
            .Where(p => p.Severity == ProblemSeverity.Error || p.ErrorId is ErrorIds.MultipleHeads or ErrorIds.MultipleBases).ToList();
        log.Add("graph", null, problems.Count == 0 ? CheckStatus.Passed : CheckStatus.Failed,
            problems.Count == 0 ? $"{graph.Heads.Count} head(s), as the folder intends" : string.Join("; ", problems.Select(p => $"{p.ErrorId}: {p.Message}")),
            clock, null);
    }
}
