using System.Data.Common;
using PSMigrate.Dialects;
using PSMigrate.Files;
using PSMigrate.Bookkeeping;

namespace PSMigrate.Execution;

/// <summary>
/// What a database says about itself: its version rows, its last journal row, the checksums it
/// recorded, and the failed upgrades not made good since.
/// </summary>
internal sealed record DatabaseState(
    IReadOnlyList<string> Rows, JournalEntry? LastEntry, IReadOnlyDictionary<string, string> Checksums, string? ServerVersion,
    IReadOnlyList<JournalEntry> OpenFailures)
{
    public static readonly DatabaseState Empty = new([], null, new Dictionary<string, string>(), null, []);
}

/// <summary>
/// One open connection to a database, for reading (no lock, never creates anything) or for
/// writing (under the migration lock, held until disposed). Driver errors outside a step become
/// one redacted engine error.
/// </summary>
internal sealed class DatabaseSession : IDisposable
{
    private readonly IDisposable _lock;

    private DatabaseSession(DbConnection connection, BookkeepingStore store, IDisposable held, SessionHome? home)
    {
        Connection = connection;
        Store = store;
        _lock = held;
        Home = home;
    }

    public DbConnection Connection { get; }
    public BookkeepingStore Store { get; }

    /// <summary>Where the session started, which its bookkeeping names and its revisions return to.</summary>
    public SessionHome? Home { get; }

    /// <summary>
    /// Opens the database for writing and takes the lock. <paramref name="beforeLock"/> sees the
    /// version rows first, unlocked, to refuse a bad plan before the lock is waited for.
    /// </summary>
    public static DatabaseSession OpenForWrite(SqlDialect dialect, DatabaseAddress address, MigrationConfig config, TimeSpan lockTimeout,
        RunObserver observer, CancellationToken cancel, Action<IReadOnlyList<string>>? beforeLock = null)
    {
        Connectable(address);
        var connection = Guard(address, () => dialect.Driver.Open(address, readOnly: false, lockTimeout))!;
        try
        {
            observer.Detail?.Invoke($"connected to {address} (server {connection.ServerVersion})");
            var (home, readOnly) = Guard(address, () => dialect.ReadSession(connection));
            if (readOnly is not null)
                throw new MigrationException(ErrorIds.ReadOnlyServer,
                    $"{address} cannot be migrated: {readOnly}. Point the address at the primary, or list every host with " +
                    "?target_session_attrs=read-write so the driver finds it; current and history read a standby as they read any server")
                    { Kind = ErrorKind.InvalidOperation, Subject = address.ToString() };
            var store = new BookkeepingStore(connection, dialect.Tables(config.VersionTable, config.JournalTable, home));
            if (beforeLock is not null) beforeLock(Guard(address, store.ReadVersions));
            var held = Guard(address, () => dialect.Driver.Lock(connection, address, config.VersionTable, lockTimeout, cancel));
            observer.Detail?.Invoke("took the migration lock");
            return new DatabaseSession(connection, store, held, home);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The database's whole state (for status), read without a lock; a database that does not exist yet is at base.</summary>
    public static DatabaseState ReadState(SqlDialect dialect, DatabaseAddress address, MigrationConfig config, TimeSpan wait) =>
        ReadOnly(dialect, address, config, wait, DatabaseState.Empty,
            (store, connection) => new DatabaseState(store.ReadVersions(), store.LastJournalEntry(), store.AppliedChecksums(),
                dialect.DescribeServer(connection), store.OpenFailures()));

    /// <summary>
    /// Only the version table's rows, read without a lock: all a plan or a history needs. The
    /// journal can hold a row per step ever run, so it is not read for them.
    /// </summary>
    public static IReadOnlyList<string> ReadRows(SqlDialect dialect, DatabaseAddress address, MigrationConfig config, TimeSpan wait) =>
        ReadOnly<IReadOnlyList<string>>(dialect, address, config, wait, [], (store, _) => store.ReadVersions());

    /// <summary>The version rows and the failed upgrades not made good since: what a history shows.</summary>
    public static (IReadOnlyList<string> Rows, IReadOnlyList<JournalEntry> OpenFailures) ReadHistory(SqlDialect dialect, DatabaseAddress address,
        MigrationConfig config, TimeSpan wait) =>
        ReadOnly<(IReadOnlyList<string>, IReadOnlyList<JournalEntry>)>(dialect, address, config, wait, ([], []), (store, _) => (store.ReadVersions(), store.OpenFailures()));

    /// <summary>The journal newest first, read without a lock; none for a database that does not exist yet.</summary>
    public static IReadOnlyList<JournalEntry> ReadJournal(SqlDialect dialect, DatabaseAddress address, MigrationConfig config, TimeSpan wait, int? last) =>
        ReadOnly<IReadOnlyList<JournalEntry>>(dialect, address, config, wait, [], (store, _) => store.Journal(last));

    private static T ReadOnly<T>(SqlDialect dialect, DatabaseAddress address, MigrationConfig config, TimeSpan wait, T missing,
        Func<BookkeepingStore, DbConnection, T> read)
    {
        Connectable(address);
        using var connection = Guard(address, () => dialect.Driver.Open(address, readOnly: true, wait));
        if (connection is null) return missing;
        var store = new BookkeepingStore(connection, dialect.Tables(config.VersionTable, config.JournalTable));
        return Guard(address, () => read(store, connection));
    }

    /// <summary>The state as this session's locked connection sees it.</summary>
    public DatabaseState State(DatabaseAddress address) =>
        Guard(address, () => new DatabaseState(Store.ReadVersions(), Store.LastJournalEntry(), new Dictionary<string, string>(), null, []));

    /// <summary>A migrator made for offline SQL only has no database to open.</summary>
    private static void Connectable(DatabaseAddress address)
    {
        if (address.IsOffline)
            throw new MigrationException(ErrorIds.NoDatabase, $"{address}: give a database address to connect; a dialect alone is for offline SQL")
                { Kind = ErrorKind.InvalidArgument };
    }

    public static T Guard<T>(DatabaseAddress address, Func<T> action)
    {
        try { return action(); }
        catch (DbException e)
        {
            throw new MigrationException(ErrorIds.ConnectionFailed, address.Redact($"{address}: {e.Message}"), e)
                { Kind = ErrorKind.ConnectionError, Subject = address.ToString() };
        }
    }

    public void Dispose()
    {
        _lock.Dispose();
        Connection.Dispose();
    }
}
