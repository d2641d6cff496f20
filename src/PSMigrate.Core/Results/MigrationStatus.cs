namespace PSMigrate;

/// <summary>
/// The database against the folder: where it is, what is left, whether it is safe to run.
/// <see cref="FolderPath"/> is the migration folder, so a status piped on finds its folder again.
/// <see cref="Failures"/> holds, for each pending revision whose last upgrade failed, that journal row.
/// Heads, Pending and IsUpToDate leave out optional branches; <see cref="OptionalBranches"/> shows each of them apart.
/// </summary>
public sealed record MigrationStatus(
    string FolderPath,
    string Database,
    string? ServerVersion,
    IReadOnlyList<string> Current,
    IReadOnlyList<string> Heads,
    IReadOnlyList<string> Pending,
    bool IsDirty,
    string? DirtyReason,
    IReadOnlyList<string> Modified,
    IReadOnlyList<MigrationLogEntry> Failures,
    IReadOnlyList<OptionalBranchStatus> OptionalBranches)
{
    public bool IsUpToDate => Pending.Count == 0 && !IsDirty;
}

/// <summary>An optional branch (psmigrate.json's "optionalBranches") against a database: its heads and what <c>upgrade LABEL@head</c> would run.</summary>
public sealed record OptionalBranchStatus(string Label, IReadOnlyList<string> Heads, IReadOnlyList<string> Pending);
