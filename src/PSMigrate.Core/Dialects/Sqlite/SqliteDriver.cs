using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace PSMigrate.Dialects.Sqlite;

internal sealed class SqliteDriver : IDatabaseDriver
{
    /// <summary>
    /// The address option that pools connections: for PSMigrate's own scratch files only, whose
    /// many short runs would otherwise each parse the whole schema again on a fresh handle.
    /// </summary>
    public const string PooledOption = "pooled";

    public DbConnection? Open(DatabaseAddress address, bool readOnly, TimeSpan wait)
    {
        var path = address.FilePath!;
        var inMemory = path == ":memory:";
        if (readOnly && !inMemory && !File.Exists(path)) return null;
        // No pooling for users' files: a pooled handle would keep the file open after the run, and
        // the journal mode and synchronous setting stay whatever the user chose. A database
        // another process is writing is waited for as long as the migration lock would be.
        // A scratch file's every open, read or write, gets the one connection string, so one pooled
        // handle serves every run in turn (nothing else writes it, so no wait needs choosing).
        var pooled = address.Options.ContainsKey(PooledOption);
        var connection = (SqliteConnection)Drivers.OpenOrFail(new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = readOnly && !pooled ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = pooled,
            DefaultTimeout = pooled ? 30 : (int)Math.Ceiling(wait.TotalSeconds),
        }.ToString()), address);
        // A pooled handle comes back as its last user left it; a transaction a failed run left open ends here.
        if (pooled && SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) == 0) Drivers.Execute(connection, "ROLLBACK");
        return connection;
    }

    /// <summary>SqliteCommand.Cancel does nothing; sqlite3_interrupt stops the connection's running statement.</summary>
    public void Interrupt(DatabaseAddress address, DbConnection connection, DbCommand running) => SQLitePCL.raw.sqlite3_interrupt(((SqliteConnection)connection).Handle);

    /// <summary>SQLite's command timeout is its wait for a busy database, which is the lock timeout's; a statement itself never times out.</summary>
    public bool IsCommandTimeout(Exception e) => false;

    /// <summary>SQLite locks the whole file, and a run holds it from the start: no table lock to wait for.</summary>
    public bool IsLockTimeout(Exception e) => false;

    /// <summary>In process: there is no round trip to save.</summary>
    public bool PipelinesSteps => false;

    /// <summary>
    /// An OS lock on a file beside the database: the kernel drops it when the process dies,
    /// so a killed runner never leaves a stale lock. The lock file itself may stay; it holds nothing.
    /// </summary>
    public IDisposable Lock(DbConnection connection, DatabaseAddress address, string name, TimeSpan timeout, CancellationToken cancel)
    {
        if (address.FilePath == ":memory:") return new Release(() => { });
        var path = Path.GetFullPath(address.FilePath!) + ".psmigrate-lock";
        var held = LockPolling.Acquire(() =>
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None); }
            catch (Exception e) when (e is UnauthorizedAccessException or DirectoryNotFoundException)
            {
                throw new MigrationException(ErrorIds.FileError, $"cannot create the migration lock file {path}: {e.Message}", e)
                    { FilePath = path, Kind = ErrorKind.ResourceUnavailable, Subject = address.ToString() };
            }
            catch (IOException) { return null; } // held by another run
        }, address, timeout, cancel, path);
        try
        {
            RefuseReadOnly(connection, address, timeout);
            return held;
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A database file (or folder) that cannot be written would let the first revision take the
    /// blame for it; one write rolled back before any work names the file instead.
    /// </summary>
    private static void RefuseReadOnly(DbConnection connection, DatabaseAddress address, TimeSpan timeout)
    {
        try
        {
            // Rewriting user_version with its own value writes a page (and, in rollback-journal
            // mode, the journal beside the file), then the rollback leaves everything as it was.
            var userVersion = Convert.ToInt64(Drivers.Scalar(connection, "PRAGMA user_version"));
            Drivers.Scalar(connection, "BEGIN IMMEDIATE");
            try { Drivers.Scalar(connection, $"PRAGMA user_version = {userVersion}"); }
            finally { Drivers.Scalar(connection, "ROLLBACK"); }
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6) // SQLITE_BUSY, SQLITE_LOCKED: waited the busy timeout already
        {
            throw new MigrationException(ErrorIds.LockTimeout,
                $"another process is writing {address.FilePath} (not a PSMigrate run); gave up after {timeout.TotalSeconds:0} s", e)
                { FilePath = address.FilePath, Kind = ErrorKind.ResourceUnavailable, Subject = address.ToString() };
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 8 or 14) // SQLITE_READONLY, SQLITE_CANTOPEN
        {
            throw new MigrationException(ErrorIds.FileError, $"{address.FilePath} cannot be written ({e.Message}); PSMigrate needs to write it and the folder it is in", e)
                { FilePath = address.FilePath, Kind = ErrorKind.ResourceUnavailable, Subject = address.ToString() };
        }
    }
}
