using System.Data.Common;
using MySql.Data.MySqlClient;
using PSMigrate.Scripts;

namespace PSMigrate.Dialects;

/// <summary>
/// MySQL and MariaDB. DDL commits implicitly, so a failed step cannot be rolled back: the
/// journal's running/failed rows make the database dirty until an admin stamps it.
/// </summary>
public sealed class MySqlDialect : ISqlDialect
{
    static MySqlDialect() => TeachDriverUtf8Mb3();

    public DialectKind Kind => DialectKind.MySql;
    public SplitterRules Rules { get; } = new(Backticks: true, HashComments: true, BackslashEscapes: true);
    public bool TransactionalDdl => false;

    public string Quote(string identifier) => "`" + identifier.Replace("`", "``") + "`";

    public DbConnection? Open(DatabaseAddress address, bool readOnly)
    {
        var builder = new MySqlConnectionStringBuilder
        {
            Server = address.Host,
            Database = address.Database,
            Pooling = false,
            SslMode = MySqlSslMode.None,
            AllowPublicKeyRetrieval = true,
            // MariaDB 10.6+ names its 3-byte UTF-8 'utf8mb3', which MySql.Data 8.0 cannot decode;
            // utf8mb4 is understood by both the driver and every supported server.
            CharacterSet = "utf8mb4",
        };
        if (address.Port is { } port) builder.Port = (uint)port;
        builder.UserID = address.User ?? Environment.GetEnvironmentVariable("USER") ?? "root";
        var password = address.Password ?? Environment.GetEnvironmentVariable("MYSQL_PWD");
        if (password is not null) builder.Password = password;
        foreach (var (key, value) in address.Options) builder[key] = value;
        return SqlDialects.OpenOrFail(new MySqlConnection(builder.ConnectionString), address with { Password = password });
    }

    /// <summary>GET_LOCK is tied to the connection: the server frees it when the session ends.</summary>
    public IDisposable Lock(DbConnection connection, DatabaseAddress address, string name, TimeSpan timeout, CancellationToken cancel)
    {
        // Lock names are server-wide, so the database's name is part of ours (MySQL caps them at 64).
        var lockName = ("psmigrate." + address.Database + "." + name) is var n && n.Length > 64 ? n[..64] : n;
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT GET_LOCK(@name, 1)";
                var p = command.CreateParameter();
                p.ParameterName = "@name";
                p.Value = lockName;
                command.Parameters.Add(p);
                if (Convert.ToInt64(command.ExecuteScalar() ?? 0L) == 1)
                    return new Release(() =>
                    {
                        using var release = connection.CreateCommand();
                        release.CommandText = $"SELECT RELEASE_LOCK('{lockName.Replace("'", "''")}')";
                        release.ExecuteScalar();
                    });
            }
            cancel.ThrowIfCancellationRequested();
            if (DateTime.UtcNow >= deadline) throw SqlDialects.LockTimeout(address, timeout);
        }
    }

    public string CreateVersionTable(string table) =>
        $"CREATE TABLE IF NOT EXISTS {this.QuoteName(table)} (version_num VARCHAR(64) NOT NULL, CONSTRAINT {Quote(table.Split('.')[^1] + "_pkc")} PRIMARY KEY (version_num)) DEFAULT CHARSET=utf8mb4";

    public string CreateJournalTable(string table) => $"""
        CREATE TABLE IF NOT EXISTS {this.QuoteName(table)} (
            id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
            revision VARCHAR(64) NOT NULL,
            operation VARCHAR(16) NOT NULL,
            status VARCHAR(16) NOT NULL,
            checksum VARCHAR(64),
            started_at DATETIME(6) NOT NULL,
            finished_at DATETIME(6),
            duration_ms BIGINT,
            applied_by VARCHAR(128),
            host VARCHAR(255),
            tool_version VARCHAR(32),
            error TEXT,
            rolled_back BOOLEAN NOT NULL DEFAULT FALSE
        ) DEFAULT CHARSET=utf8mb4
        """;

    public string TableExistsQuery =>
        "SELECT COUNT(*) FROM information_schema.tables WHERE CONCAT(table_schema, '.', table_name) = @name OR (table_schema = DATABASE() AND table_name = @name)";

    public string InsertReturningId(string insert) => insert + "; SELECT LAST_INSERT_ID()";

    /// <summary>
    /// MySql.Data before 8.0.29 does not know the name 'utf8mb3', which MariaDB 10.6+ and MySQL
    /// 8.0.29+ use for system tables and SHOW WARNINGS, so any statement with a warning fails
    /// while the driver reads its own SHOW WARNINGS. Only 8.0.16 can be restored here; this adds
    /// the alias its 8.0.29 fix added. It goes away with a newer driver or MySqlConnector.
    /// </summary>
    private static void TeachDriverUtf8Mb3()
    {
        var map = typeof(MySqlConnection).Assembly.GetType("MySql.Data.MySqlClient.CharSetMap");
        var mappingField = map?.GetField("_mapping", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic);
        var lockField = map?.GetField("LockObject", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic);
        if (mappingField?.GetValue(null) is not System.Collections.IDictionary mapping || lockField?.GetValue(null) is not { } gate) return;
        lock (gate)
        {
            if (mapping.Contains("utf8") && !mapping.Contains("utf8mb3")) mapping["utf8mb3"] = mapping["utf8"];
        }
    }

    public string? BeginScript => null;
    public string? CommitScript => null;

    public string Terminate(SqlStatement statement) =>
        statement.IsCompound ? $"DELIMITER //\n{statement.Text} //\nDELIMITER ;" : statement.Text + ";";
}
