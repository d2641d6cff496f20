namespace PSMigrate.Dialects;

internal enum DialectKind { Sqlite, PostgreSql, MySql }

/// <summary>The one place dialect names are read: address schemes and section options alike.</summary>
internal static class DialectNames
{
    public const string Expected = "sqlite, postgresql or mysql";

    public static DialectKind? Parse(string word) => word.ToLowerInvariant() switch
    {
        "sqlite" => DialectKind.Sqlite,
        "postgresql" or "postgres" => DialectKind.PostgreSql,
        "mysql" or "mariadb" => DialectKind.MySql,
        _ => null,
    };

    /// <summary>The name scripts and addresses use for a dialect.</summary>
    public static string Name(this DialectKind kind) => kind switch
    {
        DialectKind.Sqlite => "sqlite",
        DialectKind.PostgreSql => "postgresql",
        DialectKind.MySql => "mysql",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown dialect"),
    };
}
