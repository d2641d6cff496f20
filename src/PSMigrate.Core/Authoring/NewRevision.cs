using PSMigrate.Scripts;

namespace PSMigrate;

/// <summary>What a new revision file should say; the project fills in id, parents and time.</summary>
public sealed record NewRevisionRequest(
    string Message,
    string? RevisionId = null,
    IReadOnlyList<string>? Revises = null,
    IReadOnlyList<string>? BranchLabels = null,
    IReadOnlyList<string>? DependsOn = null,
    bool Merge = false);

/// <summary>A revision file ready to write: where, what, and the revision it will be.</summary>
public sealed record NewRevision(string Path, string Text, string Revision, IReadOnlyList<string> Revises)
{
    internal Revision Parsed { get; init; } = null!;
}
