using PSMigrate.Schema.Sources;

namespace PSMigrate.Dialects.Sqlite;

/// <summary>
/// A temporary SQLite file. Every open of it, read or write, gets one connection string, so one
/// pooled handle serves the many short runs of a test (nothing else writes the file).
/// </summary>
internal sealed class SqliteScratchDatabase(SqlDialect dialect, DatabaseAddress address) : ScratchDatabase(dialect, address)
{
    public static SqliteScratchDatabase Create(SqlDialect dialect)
    {
        var file = Path.Combine(ScratchFolder(), $"psmigrate-scratch-{Guid.NewGuid():N}.db");
        var address = DatabaseAddress.Parse("sqlite:" + file) with { Options = new Dictionary<string, string> { [SqliteDriver.PooledOption] = "" } };
        return new SqliteScratchDatabase(dialect, address);
    }

    /// <summary>
    /// Where scratch SQLite files go: memory-backed /dev/shm where there is one, since a scratch
    /// database is thrown away and its commits need not reach a disk; the temp folder elsewhere.
    /// </summary>
    private static string ScratchFolder() =>
        !OperatingSystem.IsWindows() && Directory.Exists("/dev/shm") && (File.GetUnixFileMode("/dev/shm") & UnixFileMode.OtherWrite) != 0 ? "/dev/shm" : Path.GetTempPath();

    public override void Dispose()
    {
        // The pool's handles would keep the deleted file alive for as long as the process runs.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { Address.FilePath!, Address.FilePath + ".psmigrate-lock", Address.FilePath + "-journal" })
            try { File.Delete(file); } catch (IOException) { }
    }
}
