namespace PSMigrate.Storage;

public static class JournalStatus
{
    public const string Running = "running";
    public const string Applied = "applied";
    public const string Failed = "failed";
}

/// <summary>One row of the journal table (DESIGN §5).</summary>
public sealed record JournalEntry(
    long Id,
    string Revision,
    string Operation,
    string Status,
    string? Checksum,
    DateTime StartedAt,
    DateTime? FinishedAt,
    long? DurationMs,
    string? AppliedBy,
    string? Host,
    string? ToolVersion,
    string? Error,
    bool RolledBack)
{
    /// <summary>
    /// A step left running (the runner died) or failed without being rolled back: the schema
    /// may hold part of it, so later runs refuse until the database is stamped.
    /// </summary>
    public bool LeavesDatabaseDirty => Status == JournalStatus.Running || (Status == JournalStatus.Failed && !RolledBack);

    /// <summary>This row as the reason a database is dirty, for the refusal and for the status alike.</summary>
    public string DirtyReason =>
        $"the last {Operation} of revision {Revision} is '{Status}' (journal row {Id}{(Error is null ? "" : ": " + Error)})";
}
