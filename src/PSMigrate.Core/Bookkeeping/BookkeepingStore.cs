using System.Data.Common;
using System.Reflection;
using PSMigrate.Dialects;

namespace PSMigrate.Bookkeeping;

/// <summary>
/// The version table and the journal, over one open connection: the one owner of their rows.
/// Methods take the transaction to run in (null: autocommit) so the caller decides what commits
/// together. The SQL itself comes from <see cref="BookkeepingSql"/>, shared with offline scripts.
/// </summary>
internal sealed class BookkeepingStore(DbConnection connection, BookkeepingSql sql)
{
    private static readonly string ToolVersion =
        typeof(BookkeepingStore).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    // Looked up once per run, not per step: user and host each cost a system call (or a read of
    // /etc/passwd), and a run can write ten thousand journal rows.
    private readonly string _user = Environment.UserName;
    private readonly string _host = Environment.MachineName;

    /// <summary>The version table's rows; none when the table does not exist yet.</summary>
    public IReadOnlyList<string> ReadVersions()
    {
        if (!TableExists(sql.VersionTableName)) return NotAnotherObject<IReadOnlyList<string>>(sql.VersionTableName, "versionTable", []);
        return ShapeChecked(sql.VersionTable, "version table", "one column version_num VARCHAR(64) NOT NULL PRIMARY KEY", "versionTable", () =>
        {
            using var command = Command(sql.ReadVersions, null);
            using var reader = command.ExecuteReader();
            var rows = new List<string>();
            while (reader.Read()) rows.Add(reader.GetString(0));
            return rows;
        });
    }

    /// <summary>
    /// Reads one of PSMigrate's tables; a table of that name that is not PSMigrate's (another
    /// tool's migrations table, a hand-made one, NULL in a required column) is named as such,
    /// with how to adopt or avoid it, instead of failing inside the driver.
    /// </summary>
    private T ShapeChecked<T>(string table, string what, string shape, string setting, Func<T> read)
    {
        try { return read(); }
        // A connection lost mid-read is no verdict on the table: that error goes on as it is.
        catch (Exception e) when ((e is DbException or InvalidCastException or InvalidOperationException or IndexOutOfRangeException
                                       or FormatException or System.Data.SqlTypes.SqlNullValueException)
                                  && connection.State == System.Data.ConnectionState.Open)
        {
            throw new MigrationException(ErrorIds.InvalidBookkeepingTable,
                $"{table} exists but is not a PSMigrate {what} ({shape}): {e.Message}. " +
                $"Rename that table, or set \"{setting}\" in psmigrate.json to a name of its own (see the README on adopting existing tables)", e)
                { Kind = ErrorKind.InvalidData, Subject = table };
        }
    }

    /// <summary>
    /// Runs a version-table change. One that names a row must hit exactly that row: zero means the
    /// table is not where the plan thought, two means it is corrupt; either way the step must fail.
    /// </summary>
    public void ChangeVersions(string change, int? expectedRows, DbTransaction? transaction) => Check(change, expectedRows, Execute(change, transaction));

    private void Check(string change, int? expectedRows, int rows)
    {
        if (expectedRows is { } expected && rows != expected) throw Mismatch(change, expected, rows);
    }

    private VersionRowMismatchException Mismatch(string change, int expected, int rows) =>
        new($"the version table {sql.VersionTable} did not change as planned: '{change}' affected {rows} row(s), expected {expected}");

    /// <summary>Adds a journal row and returns its id.</summary>
    public long AddJournal(JournalRow row, DbTransaction? transaction)
    {
        using var command = Command(sql.InsertJournal, transaction, InsertParameters(row));
        return Convert.ToInt64(command.ExecuteScalar());
    }

    /// <summary>Records how a step that was journaled as running ended.</summary>
    public void FinishJournal(long id, JournalRow row, DbTransaction? transaction) =>
        Execute(sql.FinishJournal, transaction, FinishParameters(id, row));

    /// <summary>
    /// A step's last writes: its version-table changes, then its journal row (a new one, or the end of
    /// its running one), and the <paramref name="next"/> step's running row when given, whose id it
    /// returns. Sent as one batch where the driver can, since a round trip per write is most of what a
    /// short revision costs beyond its own SQL; each change must still hit the rows it names.
    /// </summary>
    public long? RecordStep(IReadOnlyList<(string Sql, int? ExpectedRows)> changes, long? runningId, JournalRow row, JournalRow? next,
        DbTransaction? transaction)
    {
        // The batch reports the rows it changed in all (not every driver counts per command): fine
        // for a step, whose every change names a row, plus its journal rows.
        if (!connection.CanCreateBatch || changes.Any(c => c.ExpectedRows is null))
        {
            foreach (var (change, expected) in changes) ChangeVersions(change, expected, transaction);
            var (text, parameters) = JournalWrite(runningId, row);
            Execute(text, transaction, parameters);
            return next is null ? null : AddJournal(next, transaction);
        }
        using var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        long? nextId = null;
        int journalRows;
        if (next is not null && runningId is { } id && sql.FinishAndStartJournal is { } upsert)
        {
            // Under the run's lock the running row is the newest, so the next id is free; one
            // statement writes both rows, and counts the row it updates twice.
            AddChanges(batch, changes, checkOnServer: false);
            nextId = id + 1;
            batch.BatchCommands.Add(Upsert(batch, upsert, id, row, next));
            journalRows = 3;
        }
        else
        {
            AddStepWrites(batch, changes, runningId, row);
            if (next is not null) Add(batch, sql.InsertJournal, InsertParameters(next));
            journalRows = next is null ? 1 : 2;
        }
        int affected;
        using (var reader = batch.ExecuteReader())
        {
            // The drivers pass over the writes without rows; the next row's id is the one value returned.
            do
            {
                if (reader.FieldCount > 0 && reader.Read()) nextId = Convert.ToInt64(reader.GetValue(0));
            } while (reader.NextResult());
            reader.Close();
            affected = reader.RecordsAffected;
        }
        // Less the journal rows, what the version-table changes hit.
        affected -= journalRows;
        var planned = changes.Sum(c => c.ExpectedRows!.Value);
        if (affected != planned)
        {
            // Written without a transaction, the next step's row is taken back: the step fails, and its
            // own row, journaled failed, must be the newest. Should this delete not happen, the next
            // row left running still reads as dirty.
            if (transaction is null && nextId is { } taken) Execute(sql.DeleteJournal, null, ("@id", taken));
            throw Mismatch(string.Join("; ", changes.Select(c => c.Sql)), planned, affected);
        }
        return nextId;
    }

    /// <summary>
    /// Adds a step's last writes to a batch, which may carry the step's own statements ahead of them;
    /// <see cref="CheckStepWrites"/> then checks what they hit, with a driver that counts each command's rows.
    /// With <paramref name="checkOnServer"/> (where <see cref="ChecksOnServer"/>), each change fails in the
    /// batch itself unless it hits its rows, so that the batch may end in its COMMIT.
    /// </summary>
    public StepWrites AddStepWrites(DbBatch batch, IReadOnlyList<(string Sql, int? ExpectedRows)> changes, long? runningId, JournalRow row,
        bool checkOnServer = false)
    {
        var first = batch.BatchCommands.Count;
        AddChanges(batch, changes, checkOnServer);
        var (text, parameters) = JournalWrite(runningId, row);
        Add(batch, text, parameters);
        return new StepWrites(first, changes, checkOnServer);
    }

    private void AddChanges(DbBatch batch, IReadOnlyList<(string Sql, int? ExpectedRows)> changes, bool checkOnServer)
    {
        foreach (var (change, expected) in changes)
            Add(batch, checkOnServer && expected is { } rows ? sql.CheckedChange(change, rows)! : change, []);
    }

    /// <summary>Whether this dialect's version-row changes can fail on the server when they miss.</summary>
    public bool ChecksOnServer => sql.ChecksChanges;

    /// <summary>Fails the step unless each of its version-table changes in the executed batch hit the rows it names.</summary>
    public void CheckStepWrites(DbBatch batch, StepWrites writes)
    {
        if (writes.CheckedOnServer) return;
        for (var k = 0; k < writes.Changes.Count; k++)
            Check(writes.Changes[k].Sql, writes.Changes[k].ExpectedRows, batch.BatchCommands[writes.First + k].RecordsAffected);
    }

    /// <summary>
    /// The step's failure when the batch command at <paramref name="index"/> was a checked change that
    /// missed; null when the error was anything else.
    /// </summary>
    public VersionRowMismatchException? MissedChange(StepWrites writes, int index, DbException error)
    {
        var k = index - writes.First;
        if (!writes.CheckedOnServer || k < 0 || k >= writes.Changes.Count || BookkeepingSql.CheckedChangeHit(error.Message) is not { } hit)
            return null;
        return Mismatch(writes.Changes[k].Sql, writes.Changes[k].ExpectedRows!.Value, hit);
    }

    private (string Sql, (string Name, object? Value)[] Parameters) JournalWrite(long? runningId, JournalRow row) =>
        runningId is { } id ? (sql.FinishJournal, FinishParameters(id, row)) : (sql.InsertJournalRow, InsertParameters(row));

    private static void Add(DbBatch batch, string text, (string Name, object? Value)[] parameters)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = text;
        foreach (var (name, value) in parameters) command.Parameters.Add(Parameter(command.CreateParameter(), name, value));
        batch.BatchCommands.Add(command);
    }

    private (string Name, object? Value)[] InsertParameters(JournalRow row) => [.. InsertNames.Zip(RowValues(row))];

    private static readonly string[] InsertNames = [.. BookkeepingSql.JournalColumns.Skip(1).Select(c => "@" + c.Name)];

    /// <summary>A row's values in the order of the journal's columns after id.</summary>
    private object?[] RowValues(JournalRow row) =>
    [
        row.Revision, Words.Of(row.Operation), Words.Of(row.Status), row.Checksum, row.StartedAt, row.FinishedAt,
        row.DurationMs, _user, _host, ToolVersion, row.Error, row.RolledBack,
    ];

    // Made once and given new values for each step after: creating and naming 26 parameters cost
    // psmigrate more than the server takes to run the statement.
    private DbBatchCommand? _upsert;

    private DbBatchCommand Upsert(DbBatch batch, string text, long id, JournalRow row, JournalRow next)
    {
        object?[] values = [id, .. RowValues(row), id + 1, .. RowValues(next)];
        if (_upsert is null)
        {
            _upsert = batch.CreateBatchCommand();
            _upsert.CommandText = text;
            foreach (var name in BookkeepingSql.FinishAndStartParameters) _upsert.Parameters.Add(Parameter(_upsert.CreateParameter(), name, null));
        }
        for (var i = 0; i < values.Length; i++) _upsert.Parameters[i].Value = values[i] ?? DBNull.Value;
        return _upsert;
    }

    private static (string Name, object? Value)[] FinishParameters(long id, JournalRow row) =>
    [
        ("@status", Words.Of(row.Status)), ("@finished_at", row.FinishedAt), ("@duration_ms", row.DurationMs),
        ("@error", row.Error), ("@rolled_back", row.RolledBack), ("@id", id),
    ];

    /// <summary>The newest journal row, or null when there is none (or no journal): what decides whether the database is dirty.</summary>
    public JournalEntry? LastJournalEntry() => ReadJournal(sql.LastJournalEntry).FirstOrDefault();

    /// <summary>The journal newest first (the newest <paramref name="last"/> rows when given); none when there is no journal yet.</summary>
    public IReadOnlyList<JournalEntry> Journal(int? last) => ReadJournal(sql.Journal(last));

    /// <summary>Failed upgrades that no later upgrade of their revision made good, oldest first.</summary>
    public IReadOnlyList<JournalEntry> OpenFailures() => ReadJournal(sql.OpenFailures);

    private IReadOnlyList<JournalEntry> ReadJournal(string query) =>
        !TableExists(sql.JournalTableName) ? NotAnotherObject<IReadOnlyList<JournalEntry>>(sql.JournalTableName, "journalTable", [])
        : ShapeChecked(sql.JournalTable, "journal", $"columns {string.Join(", ", BookkeepingSql.JournalColumns.Select(c => c.Name))}", "journalTable", () =>
        {
            using var command = Command(query, null);
            using var reader = command.ExecuteReader();
            var entries = new List<JournalEntry>();
            while (reader.Read()) entries.Add(Entry(reader));
            return entries;
        });

    private static JournalEntry Entry(DbDataReader reader)
    {
        string? Text(string column) => reader[column] is string s ? s : null;
        DateTime? Time(string column) => reader.IsDBNull(reader.GetOrdinal(column)) ? null : reader.GetDateTime(reader.GetOrdinal(column));
        var row = new JournalRow(
            (string)reader["revision"], Words.Operation((string)reader["operation"]), Words.Status((string)reader["status"]),
            Text("checksum"), Time("started_at")!.Value, Time("finished_at"),
            reader["duration_ms"] is DBNull ? null : Convert.ToInt64(reader["duration_ms"]),
            Text("error"), Convert.ToBoolean(reader["rolled_back"]));
        return new JournalEntry(Convert.ToInt64(reader["id"]), row, new JournalOrigin(Text("applied_by"), Text("host"), Text("tool_version")));
    }

    /// <summary>For each revision, the checksum recorded when it was last applied.</summary>
    public IReadOnlyDictionary<string, string> AppliedChecksums()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!TableExists(sql.JournalTableName)) return result;
        return ShapeChecked(sql.JournalTable, "journal", "revision and checksum columns", "journalTable", () =>
        {
            using var command = Command(sql.AppliedChecksums, null);
            using var reader = command.ExecuteReader();
            while (reader.Read()) result[reader.GetString(0)] = reader.GetString(1);
            return result;
        });
    }

    public int Execute(string text, DbTransaction? transaction, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(text, transaction, parameters);
        return command.ExecuteNonQuery();
    }

    /// <summary>
    /// No table of that name; the value for "not created yet" unless a view or other object holds the
    /// name, which CREATE TABLE IF NOT EXISTS would pass over and the first write would trip on.
    /// </summary>
    private T NotAnotherObject<T>(string name, string setting, T missing)
    {
        using var command = Command(sql.OtherObjectExists, null, ("@name", name));
        if (Convert.ToInt64(command.ExecuteScalar()) == 0) return missing;
        throw new MigrationException(ErrorIds.InvalidBookkeepingTable,
            $"{name} is a view or another object, not a table, so PSMigrate cannot keep its rows there. Rename it, or set \"{setting}\" in psmigrate.json to a name of its own")
            { Kind = ErrorKind.InvalidData, Subject = name };
    }

    /// <summary>Whether a table of that name exists where unqualified names resolve (or in the schema it names).</summary>
    public bool TableExists(string table, DbTransaction? transaction = null)
    {
        using var command = Command(sql.TableExists, transaction, ("@name", table));
        return Convert.ToInt64(command.ExecuteScalar()) > 0;
    }

    private DbCommand Command(string text, DbTransaction? transaction, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = text;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters) command.Parameters.Add(Parameter(command.CreateParameter(), name, value));
        return command;
    }

    private static DbParameter Parameter(DbParameter parameter, string name, object? value)
    {
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        return parameter;
    }
}

/// <summary>
/// Where a step's last writes sit in a batch: its version-table changes from <see cref="First"/> on, then
/// its journal row; checked on the server, or after the batch from the rows each command counted.
/// </summary>
internal sealed record StepWrites(int First, IReadOnlyList<(string Sql, int? ExpectedRows)> Changes, bool CheckedOnServer);

/// <summary>A version-row change that did not hit exactly the rows it named.</summary>
internal sealed class VersionRowMismatchException(string message) : Exception(message);
