using System.Data.Common;
using Microsoft.Data.Sqlite;
using MySqlConnector;
using Npgsql;
using PSMigrate.Dialects;

namespace PSMigrate.Tests.Support;

/// <summary>
/// Looks into a test database through the driver's own connection and plain SQL, independent of
/// the engine's reading code, so an engine bug cannot hide itself in the check.
/// <paramref name="sessionSetup"/> runs first on each connection (a Galera node's causal reads).
/// </summary>
public sealed class DbProbe(string address, string? sessionSetup = null)
{
    private readonly DatabaseAddress _address = DatabaseAddress.Parse(address);

    internal DialectKind Dialect => _address.Dialect;

    /// <summary>User tables and their columns, "table.column", sorted; PSMigrate's own tables left out.</summary>
    public string[] Schema()
    {
        var sql = Dialect switch
        {
            DialectKind.Sqlite => "SELECT m.name || '.' || p.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'",
            DialectKind.PostgreSql => "SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = 'public'",
            _ => "SELECT CONVERT(CONCAT(table_name, '.', column_name) USING utf8mb4) FROM information_schema.columns WHERE table_schema = DATABASE()",
        };
        return Strings(sql).Where(s => !s.StartsWith("psmigrate_", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();
    }

    public string[] Versions(string table = "psmigrate_version") =>
        Strings($"SELECT version_num FROM {table}").Order(StringComparer.Ordinal).ToArray();

    public string[] Journal(string columns = "revision, operation, status") =>
        Strings($"SELECT {Concat(columns)} FROM psmigrate_journal ORDER BY id");

    public bool TableExists(string table) => Scalar(Dialect switch
    {
        DialectKind.Sqlite => $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'",
        DialectKind.PostgreSql => $"SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name = '{table}'",
        _ => $"SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '{table}'",
    }) > 0;

    public long Scalar(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar());
    }

    public void Execute(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public string[] Strings(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read()) rows.Add(reader.IsDBNull(0) ? "" : Convert.ToString(reader.GetValue(0))!);
        return rows.ToArray();
    }

    /// <summary>Each row of <paramref name="table"/> as its <paramref name="columns"/> joined by '|', in <paramref name="orderBy"/> order.</summary>
    public string[] Rows(string table, string columns, string orderBy) => Strings($"SELECT {Concat(columns)} FROM {table} ORDER BY {orderBy}");

    private string Concat(string columns)
    {
        var parts = columns.Split(',', StringSplitOptions.TrimEntries);
        return Dialect == DialectKind.MySql
            ? $"CONCAT_WS('|', {string.Join(", ", parts)})"
            : string.Join(" || '|' || ", parts.Select(p => $"COALESCE(CAST({p} AS VARCHAR(4000)), '')"));
    }

    /// <summary>An open connection of the test's own, straight through the driver.</summary>
    public DbConnection Open()
    {
        var a = _address;
        DbConnection connection = Dialect switch
        {
            DialectKind.Sqlite => new SqliteConnection($"Data Source={a.FilePath};Pooling=False"),
            DialectKind.PostgreSql => new NpgsqlConnection(
                $"Host={a.Host};Port={a.Port};Username={a.User};Password={a.Password};Database={a.Database};Pooling=false"),
            _ => new MySqlConnection(
                $"Server={a.Host};Port={a.Port};User ID={a.User};Password={a.Password};Database={a.Database};Pooling=false;AllowUserVariables=true"),
        };
        connection.Open();
        if (sessionSetup is not null)
        {
            using var setup = connection.CreateCommand();
            setup.CommandText = sessionSetup;
            setup.ExecuteNonQuery();
        }
        return connection;
    }
}
