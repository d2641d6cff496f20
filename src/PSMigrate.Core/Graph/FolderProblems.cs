using PSMigrate.Files;

namespace PSMigrate.Graph;

/// <summary>What check reports about a folder: its graph's problems and its empty downgrades, warnings included.</summary>
internal static class FolderProblems
{
    /// <summary>Every problem of a folder, from the folder itself: a broken graph is what this must report, not refuse.</summary>
    public static IReadOnlyList<GraphProblem> Of(MigrationFolder folder)
    {
        var (graph, problems) = RevisionGraph.Analyze(folder.Revisions, folder.Config.OptionalBranches);
        // With deliberateBranches, heads of labelled branches are intended; only a second unlabelled head is a problem.
        var deliberate = graph is not null && folder.Config.DeliberateBranches && graph.Heads.Count(h => !graph.IsOnLabelledBranch(h)) <= 1;
        return [.. Nothing(folder), .. problems.Where(p => !(deliberate && p.ErrorId == ErrorIds.MultipleHeads)), .. EmptyDowngrades(folder)];
    }

    /// <summary>A folder without versions/ is an error; an empty versions/ a warning: a check that finds no revision is no pass.</summary>
    private static IEnumerable<GraphProblem> Nothing(MigrationFolder folder) =>
        folder.VersionsMissing ? [new GraphProblem(ProblemSeverity.Error, ErrorIds.FolderNotFound, folder.Missing().Message, [folder.Config.VersionsPath])]
        : folder.Revisions.Count == 0 ? [new GraphProblem(ProblemSeverity.Warning, ErrorIds.NoRevisions,
            $"{folder.Config.VersionsPath} holds no revision files yet: nothing to check or migrate", [folder.Config.VersionsPath])]
        : [];

    /// <summary>
    /// Empty downgrade sections: a downgrade through one does nothing. In a folder that says
    /// "downgrades": false that is an error (leave the section out); elsewhere a warning.
    /// </summary>
    public static IEnumerable<GraphProblem> EmptyDowngrades(MigrationFolder folder) =>
        folder.Revisions.Where(r => r.EmptyDowngrade is not null).Select(r => new GraphProblem(
            folder.Config.Downgrades ? ProblemSeverity.Warning : ProblemSeverity.Error, ErrorIds.EmptyDowngrade,
            folder.Config.Downgrades
                ? $"{r.FilePath}:{r.EmptyDowngrade!.Line}: the '-- +downgrade' section is empty, so a downgrade through {r.Id} does nothing; write its SQL, or leave the section out if it cannot be undone"
                : $"{r.FilePath}:{r.EmptyDowngrade!.Line}: an empty '-- +downgrade' section in a folder whose psmigrate.json says \"downgrades\": false; leave it out",
            [r.FilePath]));
}
