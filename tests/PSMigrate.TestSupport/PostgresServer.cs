namespace PSMigrate.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL cluster from the installed binaries: a temp data directory, a free
/// loopback port, password authentication over TCP (so redaction is tested against a real
/// password). Run as the postgres user when the tests run as root, because initdb refuses root.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    public const string Password = "pg-Secret-9f3k";
    private readonly string _bin;
    private readonly string _root;
    private readonly string _data;
    private int _databases;

    public static string? FindBinaries() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderDescending().FirstOrDefault()
            : null;

    public PostgresServer(string bin)
    {
        _bin = bin;
        _root = Path.Combine(Path.GetTempPath(), "psmigrate-pg-" + Guid.NewGuid().ToString("N")[..8]);
        _data = Path.Combine(_root, "data");
        Directory.CreateDirectory(_root);
        var pwfile = Path.Combine(_root, "pw");
        File.WriteAllText(pwfile, Password);
        if (Environment.UserName == "root") ProcessRunner.Run("chown", ["-R", "postgres:postgres", _root]);
        Port = ProcessRunner.FreePort();
        Run("initdb", "-D", _data, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256", "--pwfile=" + pwfile, "--no-sync", "-E", "UTF8");
        Run("pg_ctl", "-D", _data, "-l", Path.Combine(_root, "log"), "-w", "-t", "60", "start",
            "-o", $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100");
    }

    public int Port { get; }

    /// <summary>A new, empty database and its address (with the password in it).</summary>
    public string CreateDatabase()
    {
        var name = $"t{Interlocked.Increment(ref _databases)}";
        Run("psql", "-h", _root, "-p", Port.ToString(), "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-qc", $"CREATE DATABASE {name}");
        return $"postgresql://postgres:{Password}@127.0.0.1:{Port}/{name}";
    }

    public string Psql(string database, params string[] arguments) =>
        Run("psql", ["-h", _root, "-p", Port.ToString(), "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", .. arguments]);

    private string Run(string tool, params string[] arguments) => ProcessRunner.Run(Path.Combine(_bin, tool), arguments, asUser: "postgres");

    public void Dispose()
    {
        try { Run("pg_ctl", "-D", _data, "-m", "immediate", "-w", "stop"); } catch (InvalidOperationException) { }
        try { Directory.Delete(_root, true); } catch (IOException) { }
    }
}
