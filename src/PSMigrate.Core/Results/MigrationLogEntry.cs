namespace PSMigrate;

/// <summary>
/// One row of the journal, as <c>psmigrate log</c> and Get-MigrationLog show it: what ran, how it
/// ended, when, for how long, who ran it from where, and a failed step's error text.
/// <see cref="Operation"/> and <see cref="Status"/> are the journal's own words (upgrade,
/// downgrade, stamp; running, applied, failed), so a query of the table and this record agree.
/// </summary>
public sealed record MigrationLogEntry(
    long Id,
    string Revision,
    string Operation,
    string Status,
    DateTime StartedAt,
    TimeSpan? Duration,
    string? AppliedBy,
    string? Host,
    string? ToolVersion,
    string? Error,
    bool RolledBack,
    string Database);
