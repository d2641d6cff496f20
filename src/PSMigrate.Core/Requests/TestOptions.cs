namespace PSMigrate;

/// <summary>
/// What a project's built-in tests run against: the dev database for scratch databases,
/// optionally a live one, and the dialect to test in when the folder declares none.
/// </summary>
public sealed record TestOptions(string? DevDatabase = null, string? Database = null, string? Dialect = null);
