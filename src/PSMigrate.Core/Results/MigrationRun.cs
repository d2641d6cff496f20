namespace PSMigrate;

public enum Direction { Upgrade, Downgrade }

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

/// <summary>
/// A whole upgrade or downgrade of one database: every step in the order it finished, and the
/// failure that stopped the run, if one did. A run that partly succeeded says exactly that:
/// the steps before the failure are <see cref="StepStatus.Applied"/> (or
/// <see cref="StepStatus.RolledBack"/> when a shared transaction took them with it), the failing
/// step is <see cref="StepStatus.Failed"/>.
/// </summary>
public sealed record MigrationRun(string Database, IReadOnlyList<MigrationStepResult> Steps, MigrationException? Failure)
{
    public bool Succeeded => Failure is null;

    /// <summary>The version table's revisions before the run (empty: base).</summary>
    public IReadOnlyList<string> From { get; init; } = [];

    /// <summary>The version table's revisions after it: where the last committed step left them.</summary>
    public IReadOnlyList<string> To { get; init; } = [];

    /// <summary>
    /// Whether the failing step committed part of its work before it failed (MySQL DDL,
    /// <c>autocommit</c>, <c>Transaction: none</c>): the database is dirty until stamped.
    /// </summary>
    public bool LeftDirty { get; init; }

    /// <summary>The steps, or the failure as an exception, for callers that want one or the other.</summary>
    public IReadOnlyList<MigrationStepResult> ThrowIfFailed() => Failure is null ? Steps : throw Failure;
}
