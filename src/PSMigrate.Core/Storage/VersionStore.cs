using System.Data.Common;
using System.Reflection;
using PSMigrate.Dialects;
using PSMigrate.Planning;

namespace PSMigrate.Storage;

/// <summary>
/// The version table and the journal, over one open connection. Methods take the transaction
/// to run in (null: autocommit) so the caller decides what commits together.
/// </summary>
public sealed class VersionStore(DbConnection connection, ISqlDialect dialect, string versionTable, string journalTable)
{
    private static readonly string ToolVersion =
        typeof(VersionStore).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private readonly string _version = dialect.QuoteName(versionTable);
    private readonly string _journal = dialect.QuoteName(journalTable);

    // Built once per run, not per step: user and host each cost a system call (or a read of
    // /etc/passwd), and a run can write ten thousand journal rows.
    private readonly string _insertJournal = dialect.InsertReturningId($"""
        INSERT INTO {dialect.QuoteName(journalTable)} (revision, operation, status, checksum, started_at, finished_at, duration_ms,
            applied_by, host, tool_version, error, rolled_back)
        VALUES (@revision, @operation, @status, @checksum, @started, @finished, @duration,
            @user, @host, @tool, @error, @rolledBack)
        """);
    private readonly string _user = Environment.UserName;
    private readonly string _host = Environment.MachineName;

    public bool Exists() => TableExists(versionTable);

    public void EnsureCreated()
    {
        Execute(dialect.CreateVersionTable(versionTable), null);
        Execute(dialect.CreateJournalTable(journalTable), null);
    }

    /// <summary>The version table's rows; none when the table does not exist yet.</summary>
    public IReadOnlyList<string> ReadVersions()
    {
        if (!TableExists(versionTable)) return [];
        using var command = Command($"SELECT version_num FROM {_version}", null);
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read()) rows.Add(reader.GetString(0));
        return rows;
    }

    public void ApplyVersions(IEnumerable<VersionRowChange> changes, DbTransaction? transaction)
    {
        foreach (var (old, @new) in changes)
        {
            if (old is not null && @new is not null)
                Execute($"UPDATE {_version} SET version_num = @new WHERE version_num = @old", transaction, ("@new", @new), ("@old", old));
            else if (old is not null)
                Execute($"DELETE FROM {_version} WHERE version_num = @v", transaction, ("@v", old));
            else
                Execute($"INSERT INTO {_version} (version_num) VALUES (@v)", transaction, ("@v", @new));
        }
    }

    public void ClearVersions(DbTransaction? transaction) => Execute($"DELETE FROM {_version}", transaction);

    /// <summary>Adds a journal row and returns its id.</summary>
    public long AddJournal(JournalEntry entry, DbTransaction? transaction)
    {
        using var command = Command(_insertJournal, transaction,
            ("@revision", entry.Revision), ("@operation", entry.Operation), ("@status", entry.Status),
            ("@checksum", entry.Checksum), ("@started", entry.StartedAt), ("@finished", entry.FinishedAt),
            ("@duration", entry.DurationMs), ("@user", _user), ("@host", _host),
            ("@tool", ToolVersion), ("@error", entry.Error), ("@rolledBack", entry.RolledBack));
        return Convert.ToInt64(command.ExecuteScalar());
    }

    public void FinishJournal(long id, string status, DateTime finishedAt, long durationMs, string? error, bool rolledBack,
        DbTransaction? transaction) =>
        Execute($"UPDATE {_journal} SET status = @status, finished_at = @finished, duration_ms = @duration, error = @error, rolled_back = @rolledBack WHERE id = @id",
            transaction, ("@status", status), ("@finished", finishedAt), ("@duration", durationMs), ("@error", error),
            ("@rolledBack", rolledBack), ("@id", id));

    /// <summary>The newest journal row, or null when there is none (or no journal): what decides whether the database is dirty.</summary>
    public JournalEntry? LastJournalEntry()
    {
        if (!TableExists(journalTable)) return null;
        var sql = $"""
            SELECT id, revision, operation, status, checksum, started_at, finished_at, duration_ms,
                   applied_by, host, tool_version, error, rolled_back
            FROM {_journal} ORDER BY id DESC LIMIT 1
            """;
        using var command = Command(sql, null);
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return null;
        return new JournalEntry(
            Convert.ToInt64(reader.GetValue(0)), reader.GetString(1), reader.GetString(2), reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.GetDateTime(5),
            reader.IsDBNull(6) ? null : reader.GetDateTime(6),
            reader.IsDBNull(7) ? null : Convert.ToInt64(reader.GetValue(7)),
            reader.IsDBNull(8) ? null : reader.GetString(8),
            reader.IsDBNull(9) ? null : reader.GetString(9),
            reader.IsDBNull(10) ? null : reader.GetString(10),
            reader.IsDBNull(11) ? null : reader.GetString(11),
            Convert.ToBoolean(reader.GetValue(12)));
    }

    /// <summary>For each revision, the checksum recorded when it was last applied.</summary>
    public IReadOnlyDictionary<string, string> AppliedChecksums()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!TableExists(journalTable)) return result;
        using var command = Command(
            $"SELECT revision, checksum FROM {_journal} WHERE operation = 'upgrade' AND status = 'applied' AND checksum IS NOT NULL ORDER BY id", null);
        using var reader = command.ExecuteReader();
        while (reader.Read()) result[reader.GetString(0)] = reader.GetString(1);
        return result;
    }

    public int Execute(string sql, DbTransaction? transaction, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, transaction, parameters);
        return command.ExecuteNonQuery();
    }

    private bool TableExists(string table)
    {
        using var command = Command(dialect.TableExistsQuery, null, ("@name", table));
        return Convert.ToInt64(command.ExecuteScalar()) > 0;
    }

    private DbCommand Command(string sql, DbTransaction? transaction, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
        }
        return command;
    }
}
