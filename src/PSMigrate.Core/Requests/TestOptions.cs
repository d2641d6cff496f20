namespace PSMigrate;

/// <summary>
/// What a project's built-in tests run against: the dev databases for scratch databases (at most
/// one per dialect), optionally a live one, and the dialect to test in when the folder declares none.
/// </summary>
public sealed record TestOptions(IReadOnlyList<string>? DevDatabases = null, string? Database = null, string? Dialect = null);
