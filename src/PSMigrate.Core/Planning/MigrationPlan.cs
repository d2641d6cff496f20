using PSMigrate.Scripts;

namespace PSMigrate.Planning;

/// <summary>
/// One revision to run in one direction. <see cref="Before"/> and <see cref="After"/> are the
/// version table's rows around the step, so running and rendering need no graph knowledge.
/// </summary>
public sealed record MigrationStep(Revision Revision, Direction Direction, IReadOnlyList<string> Before, IReadOnlyList<string> After)
{
    public IReadOnlyList<string> RowsRemoved => Before.Except(After, StringComparer.Ordinal).ToArray();
    public IReadOnlyList<string> RowsAdded => After.Except(Before, StringComparer.Ordinal).ToArray();
}

/// <summary>An ordered list of steps from one version-table state to another.</summary>
public sealed record MigrationPlan(
    Direction Direction,
    string Target,
    IReadOnlyList<string> Start,
    IReadOnlyList<string> End,
    IReadOnlyList<MigrationStep> Steps);

/// <summary>A revision in history order, with its place in the graph and, given a database, its state.</summary>
public sealed record HistoryEntry(
    Revision Revision,
    bool IsHead,
    bool IsBase,
    bool IsBranchPoint,
    bool IsMergePoint,
    bool? IsApplied,
    bool IsCurrent);
