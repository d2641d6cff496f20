using PSMigrate.Dialects;

namespace PSMigrate.Tests.Support;

/// <summary>The databases tests run against; public because xunit theories take it as data.</summary>
public enum TestDialect { Sqlite, PostgreSql, MySql }

/// <summary>
/// Fresh databases for every dialect. Servers start on first use and stop when the test run
/// ends. Without server binaries a test skips with a message, except under CI=true, where a
/// missing server is a failure (docs/design.md §9).
/// </summary>
public sealed class TestDatabases : IDisposable
{
    private readonly Lazy<PostgresServer?> _postgres;
    private readonly Lazy<MariaDbServer?> _mariadb;
    private readonly TempFolder _files = new();
    private int _sqlite;

    public TestDatabases()
    {
        _postgres = new(() => PostgresServer.FindBinaries() is { } bin ? new PostgresServer(bin) : null);
        _mariadb = new(() => MariaDbServer.FindServer() is { } server ? new MariaDbServer(server) : null);
    }

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static IEnumerable<object[]> Dialects =>
        [[TestDialect.Sqlite], [TestDialect.PostgreSql], [TestDialect.MySql]];

    /// <summary>The dialects that have a server: passwords, connections and sessions to lose.</summary>
    public static IEnumerable<object[]> ServerDialects => [[TestDialect.PostgreSql], [TestDialect.MySql]];

    /// <summary>Runs a rendered SQL script through the dialect's own command-line client, stopping at the first error.</summary>
    public void RunScript(string address, string scriptPath)
    {
        var parsed = DatabaseAddress.Parse(address);
        switch (parsed.Dialect)
        {
            case DialectKind.Sqlite:
                ProcessRunner.Run("sqlite3", ["-bail", parsed.FilePath!, ".read " + scriptPath]);
                break;
            case DialectKind.PostgreSql:
                Postgres.Psql(parsed.Database!, "-q", "-f", scriptPath);
                break;
            default:
                MariaDb.Client("-D", parsed.Database!, "-e", "source " + scriptPath);
                break;
        }
    }

    public PostgresServer Postgres => Require(_postgres.Value, "PostgreSQL (apt-get install postgresql)");
    public MariaDbServer MariaDb => Require(_mariadb.Value, "MariaDB (apt-get install mariadb-server)");

    /// <summary>The address of a new, empty database of that dialect.</summary>
    public string Create(TestDialect dialect) => dialect switch
    {
        TestDialect.Sqlite => "sqlite:" + _files.File($"db{Interlocked.Increment(ref _sqlite)}.db"),
        TestDialect.PostgreSql => Postgres.CreateDatabase(),
        _ => MariaDb.CreateDatabase(),
    };

    public static T Require<T>(T? server, string what) where T : class
    {
        if (server is not null) return server;
        if (InCi) throw new InvalidOperationException($"{what} is not installed, and CI=true requires it");
        throw new Xunit.SkipException($"{what} is not installed; skipping");
    }

    public void Dispose()
    {
        if (_postgres.IsValueCreated) _postgres.Value?.Dispose();
        if (_mariadb.IsValueCreated) _mariadb.Value?.Dispose();
        _files.Dispose();
    }
}
