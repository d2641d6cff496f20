namespace PSMigrate;

/// <summary>What a new revision file should say; the project fills in id, parents and time.</summary>
public sealed record NewRevisionRequest(
    string Message,
    string? RevisionId = null,
    IReadOnlyList<string>? Revises = null,
    IReadOnlyList<string>? BranchLabels = null,
    IReadOnlyList<string>? DependsOn = null,
    bool Merge = false);
