namespace PSMigrate;

/// <summary>
/// Reported before each step so front ends can show progress, and again, with <see cref="Waiting"/>,
/// when a step waits to try again for a table lock another transaction holds.
/// </summary>
public sealed record MigrationProgress(int StepNumber, int StepCount, string Revision, string? Message, Direction Direction)
{
    /// <summary>What the step waits for ("waiting for a lock on users (try 3 of 10)"); null while it runs.</summary>
    public string? Waiting { get; init; }
}

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
