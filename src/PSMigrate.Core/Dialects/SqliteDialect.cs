using System.Data.Common;
using Microsoft.Data.Sqlite;
using PSMigrate.Scripts;

namespace PSMigrate.Dialects;

public sealed class SqliteDialect : ISqlDialect
{
    public DialectKind Kind => DialectKind.Sqlite;
    public SplitterRules Rules { get; } = new(Backticks: true, Brackets: true);
    public bool TransactionalDdl => true;

    public string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    public DbConnection? Open(DatabaseAddress address, bool readOnly)
    {
        var path = address.FilePath!;
        var inMemory = path == ":memory:";
        if (readOnly && !inMemory && !File.Exists(path)) return null;
        // No pooling: a pooled handle would keep the file open after the run, and the journal
        // mode and synchronous setting stay whatever the user chose.
        return SqlDialects.OpenOrFail(new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 60,
        }.ToString()), address);
    }

    /// <summary>
    /// An OS lock on a file beside the database: the kernel drops it when the process dies,
    /// so a killed runner never leaves a stale lock. The lock file itself may stay; it holds nothing.
    /// </summary>
    public IDisposable Lock(DbConnection connection, DatabaseAddress address, string name, TimeSpan timeout, CancellationToken cancel)
    {
        if (address.FilePath == ":memory:") return new NoLock();
        var path = Path.GetFullPath(address.FilePath!) + ".psmigrate-lock";
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                cancel.WaitHandle.WaitOne(25);
                cancel.ThrowIfCancellationRequested();
            }
            catch (IOException e)
            {
                throw SqlDialects.LockTimeout(address, timeout, path, e);
            }
        }
    }

    public string CreateVersionTable(string table) =>
        $"CREATE TABLE IF NOT EXISTS {Quote(table)} (version_num VARCHAR(64) NOT NULL, CONSTRAINT {Quote(table + "_pkc")} PRIMARY KEY (version_num))";

    public string CreateJournalTable(string table) => $"""
        CREATE TABLE IF NOT EXISTS {Quote(table)} (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            revision VARCHAR(64) NOT NULL,
            operation VARCHAR(16) NOT NULL,
            status VARCHAR(16) NOT NULL,
            checksum VARCHAR(64),
            started_at TEXT NOT NULL,
            finished_at TEXT,
            duration_ms INTEGER,
            applied_by VARCHAR(128),
            host VARCHAR(255),
            tool_version VARCHAR(32),
            error TEXT,
            rolled_back INTEGER NOT NULL DEFAULT 0
        )
        """;

    public string TableExistsQuery => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @name";

    public string InsertReturningId(string insert) => insert + " RETURNING id";

    public string? BeginScript => "BEGIN;";
    public string? CommitScript => "COMMIT;";

    public string Terminate(SqlStatement statement) => statement.Text + ";";

    private sealed class NoLock : IDisposable { public void Dispose() { } }
}
