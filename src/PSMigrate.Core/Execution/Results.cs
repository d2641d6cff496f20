using PSMigrate.Scripts;

namespace PSMigrate.Execution;

public enum StepStatus { Applied, Failed, RolledBack, Planned }

/// <summary>What happened to one revision in a run.</summary>
public sealed record StepResult(
    string Revision,
    string? Message,
    Direction Direction,
    StepStatus Status,
    TimeSpan Duration,
    int StatementCount,
    string? Error,
    string FilePath,
    string Database);

/// <summary>Reported before each step so front ends can show progress.</summary>
public sealed record MigrationProgress(int StepNumber, int StepCount, string Revision, string? Message, Direction Direction);

/// <summary>The database against the folder: where it is, what is left, whether it is safe to run.</summary>
public sealed record MigrationStatus(
    string Database,
    IReadOnlyList<string> Current,
    IReadOnlyList<string> Heads,
    IReadOnlyList<string> Pending,
    bool IsDirty,
    string? DirtyReason,
    IReadOnlyList<string> Modified)
{
    public bool IsUpToDate => Pending.Count == 0 && !IsDirty;
}

/// <summary>Hooks a front end passes in; both are called on the thread that runs the migration.</summary>
public sealed record RunObserver(Action<MigrationProgress>? Progress = null, Action<StepResult>? StepCompleted = null)
{
    public static readonly RunObserver None = new();
}
