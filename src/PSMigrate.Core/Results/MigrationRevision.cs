using PSMigrate.Graph;
using PSMigrate.Planning;
using PSMigrate.Files;

namespace PSMigrate;

/// <summary>A revision as front ends show it: its header, its place in the graph, its file and folder.</summary>
public sealed record MigrationRevision(
    string Revision,
    IReadOnlyList<string> Revises,
    string? Message,
    DateTimeOffset? Created,
    IReadOnlyList<string> BranchLabels,
    IReadOnlyList<string> DependsOn,
    bool IsHead,
    bool IsReversible,
    string FilePath,
    string FolderPath)
{
    internal static MigrationRevision From(Revision r, RevisionGraph graph, string folderPath) =>
        new(r.Id, r.Revises, r.Message, r.Created, r.BranchLabels, r.DependsOn, graph.IsHead(r), r.IsReversible, r.FilePath, folderPath);
}

/// <summary>
/// One line of history, newest first; applied state only when a database was given, and for a
/// revision not applied there whose last upgrade failed, that failure's error text.
/// <see cref="OptionalBranch"/> names the optional branch (psmigrate.json's "optionalBranches")
/// the revision is on: it runs only when named, never with <c>heads</c>.
/// </summary>
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
    string FilePath,
    string? LastError = null,
    string? OptionalBranch = null)
{
    /// <summary>head, base, branchpoint, mergepoint, and "optional:LABEL", joined with commas; empty for a plain revision.</summary>
    public string Place => string.Join(",", new[]
    {
        IsHead ? "head" : null, IsBase ? "base" : null, IsBranchPoint ? "branchpoint" : null, IsMergePoint ? "mergepoint" : null,
        OptionalBranch is null ? null : "optional:" + OptionalBranch,
    }.Where(p => p is not null));

    internal static MigrationHistoryEntry From(HistoryEntry e, string? lastError = null) =>
        new(e.Revision.Id, e.Revision.Revises, e.Revision.Message, e.Revision.Created, e.Revision.BranchLabels,
            e.IsHead, e.IsBase, e.IsBranchPoint, e.IsMergePoint, e.IsApplied, e.IsCurrent, e.Revision.FilePath, lastError, e.OptionalBranch);
}
