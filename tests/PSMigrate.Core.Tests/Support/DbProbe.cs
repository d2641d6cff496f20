using System.Data.Common;
using PSMigrate.Dialects;
using PSMigrate.Scripts;

namespace PSMigrate.Tests.Support;

/// <summary>Looks into a test database directly, independent of the engine's own reading code.</summary>
public sealed class DbProbe(string address)
{
    private readonly DatabaseAddress _address = DatabaseAddress.Parse(address);

    public DialectKind Dialect => _address.Dialect;

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

    public bool TableExists(string table) => Scalar(SqlDialects.For(Dialect).TableExistsQuery.Replace("@name", $"'{table}'")) > 0;

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

    private string Concat(string columns)
    {
        var parts = columns.Split(',', StringSplitOptions.TrimEntries);
        return Dialect == DialectKind.MySql
            ? $"CONCAT_WS('|', {string.Join(", ", parts)})"
            : string.Join(" || '|' || ", parts.Select(p => $"COALESCE(CAST({p} AS VARCHAR(4000)), '')"));
    }

    private DbConnection Open() => SqlDialects.For(Dialect).Open(_address, readOnly: false)!;
}
