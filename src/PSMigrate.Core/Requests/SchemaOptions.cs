namespace PSMigrate;

/// <summary>
/// How schemas are built: the scratch databases for PostgreSQL and MySQL (<see cref="DevDatabases"/>,
/// at most one per dialect, each an address whose user may create databases; those not given come
/// from psmigrate.json's "devDatabases" and "devDatabase") and the dialect to compare in when no
/// database fixes one.
/// </summary>
public sealed record SchemaOptions(IReadOnlyList<string>? DevDatabases = null, string? Dialect = null);
