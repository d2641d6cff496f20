using System.Text.Json.Serialization;

namespace PSMigrate;

/// <summary>How one database of a fleet ended.</summary>
public enum DatabaseOutcome
{
    /// <summary>The run finished (with nothing to do, perhaps: see <see cref="DatabaseResult.Steps"/>).</summary>
    Succeeded,
    /// <summary>Nothing could run, or a step failed; the steps before it stand as <see cref="DatabaseResult.To"/> says.</summary>
    Failed,
    /// <summary>Never started: a failure elsewhere stopped the fleet (fail-fast), or it was cancelled first.</summary>
    Skipped,
}

/// <summary>
/// One database's upgrade, downgrade or stamp in a call that covers many: where it started and
/// ended, the steps, and the error when it failed. <see cref="IsDirty"/> tells a failure that
/// rolled back from one that left part of a step committed. <see cref="From"/> and
/// <see cref="To"/> are the version table's rows (empty: base), or null when the database could
/// not be read at all, so a refused run never claims a database was at base.
/// </summary>
public sealed record DatabaseResult(
    string Database,
    string FolderPath,
    DatabaseOutcome Status,
    IReadOnlyList<string>? From,
    IReadOnlyList<string>? To,
    IReadOnlyList<MigrationStepResult> Steps,
    string? ErrorId,
    string? ErrorMessage,
    bool IsDirty,
    TimeSpan Duration)
{
    /// <summary>The error itself, for front ends that report it with its revision, file and line.</summary>
    [JsonIgnore]
    public MigrationException? Failure { get; init; }

    internal static DatabaseResult Of(Migrator database, MigrationRun run, TimeSpan duration) =>
        new(database.Database, database.FolderPath, run.Succeeded ? DatabaseOutcome.Succeeded : DatabaseOutcome.Failed,
            run.From, run.To, run.Steps, run.Failure?.ErrorId, run.Failure?.Message, run.LeftDirty, duration)
            { Failure = run.Failure };

    /// <summary>A database where nothing could run: where it stands is read again (null if it cannot be), and a dirty one stayed dirty.</summary>
    internal static DatabaseResult Refused(Migrator database, MigrationException error, TimeSpan duration)
    {
        var at = database.CurrentOrNull();
        return new(database.Database, database.FolderPath, DatabaseOutcome.Failed, at, at, [], error.ErrorId, error.Message,
            error.ErrorId == ErrorIds.DirtyDatabase, duration) { Failure = error };
    }

    internal static DatabaseResult NotStarted(Migrator database, string why) =>
        new(database.Database, database.FolderPath, DatabaseOutcome.Skipped, [], [], [], null, why, false, TimeSpan.Zero);
}
