using PSMigrate.Graph;
using PSMigrate.Planning;
using PSMigrate.Scripts;

namespace PSMigrate.Execution;

public enum StepStatus { Applied, Failed, RolledBack }

/// <summary>What happened to one revision in a run.</summary>
public sealed record MigrationStepResult(
    string Revision,
    string? Message,
    Direction Direction,
    StepStatus Status,
    TimeSpan Duration,
    int StatementCount,
    string? Error,
    string FilePath,
    string Database);

/// <summary>Reported before each step so front ends can show progress.</summary>
public sealed record MigrationProgress(int StepNumber, int StepCount, string Revision, string? Message, Direction Direction);

/// <summary>The database against the folder: where it is, what is left, whether it is safe to run.</summary>
public sealed record MigrationStatus(
    string Database,
    string? ServerVersion,
    IReadOnlyList<string> Current,
    IReadOnlyList<string> Heads,
    IReadOnlyList<string> Pending,
    bool IsDirty,
    string? DirtyReason,
    IReadOnlyList<string> Modified)
{
    public bool IsUpToDate => Pending.Count == 0 && !IsDirty;
}

/// <summary>Hooks a front end passes in; both are called on the thread that runs the migration.</summary>
public sealed record RunObserver(Action<MigrationProgress>? Progress = null, Action<MigrationStepResult>? StepCompleted = null)
{
    public static readonly RunObserver None = new();
}

/// <summary>A revision as front ends show it: its header and its place in the graph.</summary>
public sealed record MigrationRevision(
    string Revision,
    IReadOnlyList<string> Revises,
    string? Message,
    DateTimeOffset? Created,
    IReadOnlyList<string> BranchLabels,
    IReadOnlyList<string> DependsOn,
    bool IsHead,
    bool IsReversible,
    string Path)
{
    public static MigrationRevision From(Revision r, RevisionGraph graph) =>
        new(r.Id, r.Revises, r.Message, r.Created, r.BranchLabels, r.DependsOn, graph.IsHead(r), r.IsReversible, r.FilePath);
}

/// <summary>One line of history, newest first; applied state only when a database was given.</summary>
public sealed record MigrationHistoryEntry(
    string Revision,
    IReadOnlyList<string> Revises,
    string? Message,
    DateTimeOffset? Created,
    IReadOnlyList<string> BranchLabels,
    bool IsHead,
    bool IsBase,
    bool IsBranchPoint,
    bool IsMergePoint,
    bool? IsApplied,
    bool IsCurrent,
    string Path)
{
    /// <summary>head, base, branchpoint, mergepoint, joined with commas; empty for a plain revision.</summary>
    public string Place => string.Join(",", new[]
    {
        IsHead ? "head" : null, IsBase ? "base" : null, IsBranchPoint ? "branchpoint" : null, IsMergePoint ? "mergepoint" : null,
    }.Where(p => p is not null));

    public static MigrationHistoryEntry From(HistoryEntry e) =>
        new(e.Revision.Id, e.Revision.Revises, e.Revision.Message, e.Revision.Created, e.Revision.BranchLabels,
            e.IsHead, e.IsBase, e.IsBranchPoint, e.IsMergePoint, e.IsApplied, e.IsCurrent, e.Revision.FilePath);
}
