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

/// <summary>Reported before each step so front ends can show progress.</summary>
public sealed record MigrationProgress(int StepNumber, int StepCount, string Revision, string? Message, Direction Direction);

/// <summary>
/// Hooks a front end passes in; all are called on the thread that runs the migration.
/// <see cref="Detail"/> tells what a deploy log wants (connected, lock taken, each revision with its
/// time, each commit); <see cref="Statement"/> gives the first line of each statement as it starts.
/// </summary>
public sealed record RunObserver(
    Action<MigrationProgress>? Progress = null,
    Action<MigrationStepResult>? StepCompleted = null,
    Action<string>? Detail = null,
    Action<string>? Statement = null)
{
    public static readonly RunObserver None = new();
}
