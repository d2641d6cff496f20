using PSMigrate.Files;

namespace PSMigrate.Planning;

/// <summary>
/// A change to one version-table row: <c>Old</c> and <c>New</c> together are an update,
/// <c>Old</c> alone a delete, <c>New</c> alone an insert.
/// </summary>
internal sealed record VersionRowChange(string? Old, string? New);

/// <summary>
/// One revision to run in one direction. <see cref="Before"/> and <see cref="After"/> are the
/// version table's rows around the step, so running and rendering need no graph knowledge.
/// </summary>
internal sealed record MigrationStep(Revision Revision, Direction Direction, IReadOnlyList<string> Before, IReadOnlyList<string> After)
{
    /// <summary>
    /// What the step does to the version table, decided once for both the online run and the
    /// offline script: a linear step moves one row, which is one update rather than a delete and an insert.
    /// </summary>
    public IReadOnlyList<VersionRowChange> RowChanges
    {
        get
        {
            var removed = Before.Except(After, StringComparer.Ordinal).ToArray();
            var added = After.Except(Before, StringComparer.Ordinal).ToArray();
            if (removed.Length == 1 && added.Length == 1) return [new VersionRowChange(removed[0], added[0])];
            return [.. removed.Select(id => new VersionRowChange(id, null)), .. added.Select(id => new VersionRowChange(null, id))];
        }
    }
}

/// <summary>An ordered list of steps from one version-table state to another.</summary>
internal sealed record MigrationPlan(
    Direction Direction,
    IReadOnlyList<string> Start,
    IReadOnlyList<string> End,
    IReadOnlyList<MigrationStep> Steps);

/// <summary>A revision in history order, with its place in the graph and, given a database, its state.</summary>
internal sealed record HistoryEntry(
    Revision Revision,
    bool IsHead,
    bool IsBase,
    bool IsBranchPoint,
    bool IsMergePoint,
    bool? IsApplied,
    bool IsCurrent,
    string? OptionalBranch);
