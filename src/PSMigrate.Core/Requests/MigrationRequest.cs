namespace PSMigrate;

/// <summary>
/// Where to work: a migration folder and, optionally, a database. Front ends build one from
/// their parameters; <see cref="CurrentDirectory"/> is the shell's location, not the process's.
/// </summary>
public sealed record MigrationRequest(
    string FolderPath,
    string CurrentDirectory,
    string? Database = null,
    string? UserName = null,
    string? Password = null,
    TimeSpan? LockTimeout = null,
    TimeSpan? CommandTimeout = null,
    TimeSpan? TableLockTimeout = null,
    int? TableLockTries = null)
{
    public override string ToString() => $"{FolderPath} -> {(Database is null ? "(no database)" : "a database")}";
}
