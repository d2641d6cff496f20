namespace PSMigrate.Bookkeeping;

internal enum JournalStatus { Running, Applied, Failed }

internal enum JournalOperation { Upgrade, Downgrade, Stamp }

/// <summary>
/// What a step writes to the journal. Who ran it, where, and with which PSMigrate are not part
/// of it: the store adds them to every row it writes, so no path can leave them out.
/// </summary>
internal sealed record JournalRow(
    string Revision,
    JournalOperation Operation,
    JournalStatus Status,
    string? Checksum,
    DateTime StartedAt,
    DateTime? FinishedAt,
    long? DurationMs,
    string? Error,
    bool RolledBack);

/// <summary>Who wrote a journal row, from where, with which PSMigrate: filled in by the store on every write.</summary>
internal sealed record JournalOrigin(string? User, string? Host, string? ToolVersion);

/// <summary>One row of the journal table as read back: what decides whether a database is dirty, and what the log shows.</summary>
internal sealed record JournalEntry(long Id, JournalRow Row, JournalOrigin Origin)
{
    /// <summary>
    /// A step left running (the runner died) or failed without being rolled back: the schema
    /// may hold part of it, so later runs refuse until the database is stamped.
    /// </summary>
    public bool LeavesDatabaseDirty => Row.Status == JournalStatus.Running || (Row.Status == JournalStatus.Failed && !Row.RolledBack);

    /// <summary>This row as the reason a database is dirty, for the refusal and for the status alike.</summary>
    public MigrationLogEntry ToLog(string database) => new(Id, Row.Revision, Words.Of(Row.Operation), Words.Of(Row.Status), DateTime.SpecifyKind(Row.StartedAt, DateTimeKind.Utc),
        Row.DurationMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null, Origin.User, Origin.Host, Origin.ToolVersion, Row.Error, Row.RolledBack, database);

    public string DirtyReason =>
        $"the last {Words.Of(Row.Operation)} of revision {Row.Revision} is '{Words.Of(Row.Status)}' (journal row {Id}{(Row.Error is null ? "" : ": " + Row.Error)})";
}

/// <summary>How statuses and operations are spelled in the journal table.</summary>
internal static class Words
{
    public static string Of(JournalStatus status) => status switch
    {
        JournalStatus.Running => "running",
        JournalStatus.Applied => "applied",
        JournalStatus.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string Of(JournalOperation operation) => operation switch
    {
        JournalOperation.Upgrade => "upgrade",
        JournalOperation.Downgrade => "downgrade",
        JournalOperation.Stamp => "stamp",
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
    };

    public static JournalStatus Status(string word) => word switch
    {
        "running" => JournalStatus.Running,
        "applied" => JournalStatus.Applied,
        "failed" => JournalStatus.Failed,
        _ => throw new FormatException($"journal status '{word}' is not running, applied or failed"),
    };

    public static JournalOperation Operation(string word) => word switch
    {
        "upgrade" => JournalOperation.Upgrade,
        "downgrade" => JournalOperation.Downgrade,
        "stamp" => JournalOperation.Stamp,
        _ => throw new FormatException($"journal operation '{word}' is not upgrade, downgrade or stamp"),
    };
}
