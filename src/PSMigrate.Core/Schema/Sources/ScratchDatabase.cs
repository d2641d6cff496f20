using System.Data.Common;
using PSMigrate.Dialects;
using PSMigrate.Execution;

namespace PSMigrate.Schema.Sources;

/// <summary>
/// A throwaway database to build a schema in: a temporary SQLite file, or on PostgreSQL and MySQL
/// a database created through the dev database (Atlas's idea) and dropped when disposed.
/// </summary>
internal sealed class ScratchDatabase : IDisposable
{
    private readonly DatabaseAddress? _dev;
    private readonly SqlDialect _dialect;

    private ScratchDatabase(SqlDialect dialect, DatabaseAddress address, DatabaseAddress? dev)
    {
        _dialect = dialect;
        Address = address;
        _dev = dev;
    }

    public DatabaseAddress Address { get; }

    public static ScratchDatabase Create(DialectKind dialect, DatabaseAddress? dev)
    {
        var sql = SqlDialect.For(dialect);
        if (dialect == DialectKind.Sqlite)
        {
            var file = Path.Combine(ScratchFolder(), $"psmigrate-scratch-{Guid.NewGuid():N}.db");
            var address = DatabaseAddress.Parse("sqlite:" + file) with { Options = new Dictionary<string, string> { [SqliteDriver.PooledOption] = "" } };
            return new ScratchDatabase(sql, address, null);
        }
        if (dev is null || dev.Dialect != dialect)
            throw new MigrationException(ErrorIds.DevDatabaseUnavailable,
                $"a {dialect.Name()} schema is built in a scratch database, which needs a dev database: pass --dev-database / -DevDatabase, or set \"devDatabase\" in psmigrate.json (a {dialect.Name()} address whose user may create databases)")
                { Kind = ErrorKind.InvalidArgument };
        var name = $"psmigrate_scratch_{Guid.NewGuid():N}"[..34];
        Run(sql, dev, $"CREATE DATABASE {name}");
        return new ScratchDatabase(sql, dev with { Database = name }, dev);
    }

    /// <summary>
    /// Where scratch SQLite files go: memory-backed /dev/shm where there is one, since a scratch
    /// database is thrown away and its commits need not reach a disk; the temp folder elsewhere.
    /// </summary>
    private static string ScratchFolder() =>
        !OperatingSystem.IsWindows() && Directory.Exists("/dev/shm") && (File.GetUnixFileMode("/dev/shm") & UnixFileMode.OtherWrite) != 0 ? "/dev/shm" : Path.GetTempPath();

    /// <summary>An open connection to the scratch database.</summary>
    public DbConnection Open() => DatabaseSession.Guard(Address, () => _dialect.Driver.Open(Address, readOnly: false, TimeSpan.FromSeconds(30)))!;

    public void Dispose()
    {
        if (_dev is null)
        {
            // The pool's handles would keep the deleted file alive for as long as the process runs.
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { Address.FilePath!, Address.FilePath + ".psmigrate-lock", Address.FilePath + "-journal" })
                try { File.Delete(file); } catch (IOException) { }
            return;
        }
        try { Run(_dialect, _dev, _dialect.Kind == DialectKind.PostgreSql ? $"DROP DATABASE IF EXISTS {Address.Database} WITH (FORCE)" : $"DROP DATABASE IF EXISTS {Address.Database}"); }
        catch (MigrationException) { /* the dev database went away: nothing more to do here */ }
    }

    /// <summary>One statement on the dev database; any failure says the dev database is not usable.</summary>
    private static void Run(SqlDialect dialect, DatabaseAddress dev, string statement)
    {
        try
        {
            using var connection = dialect.Driver.Open(dev, readOnly: false, TimeSpan.FromSeconds(30))!;
            Drivers.Execute(connection, statement);
        }
        catch (Exception e) when (e is DbException or MigrationException)
        {
            throw new MigrationException(ErrorIds.DevDatabaseUnavailable,
                dev.Redact($"the dev database {dev} cannot be used for a scratch database ({statement.Split(' ')[0]} DATABASE failed): {e.Message}"), e)
                { Kind = ErrorKind.ConnectionError, Subject = dev.ToString() };
        }
    }
}
