namespace PSMigrate;

/// <summary>
/// How schemas are built: the scratch database for PostgreSQL and MySQL (<see cref="DevDatabase"/>,
/// an address whose user may create databases) and the dialect to compare in when no database fixes one.
/// </summary>
public sealed record SchemaOptions(string? DevDatabase = null, string? Dialect = null);
