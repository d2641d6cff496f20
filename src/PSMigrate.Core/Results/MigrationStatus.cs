namespace PSMigrate;

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
