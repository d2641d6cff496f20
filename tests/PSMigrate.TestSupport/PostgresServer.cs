namespace PSMigrate.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL cluster from the installed binaries: a temp data directory, a free
/// loopback port, password authentication over TCP (so redaction is tested against a real
/// password). Run as the postgres user when the tests run as root, because initdb refuses root.
/// With <c>tls</c>, the server also speaks TLS (a certificate made by openssl for the run) and has a
/// role, <see cref="TlsOnlyUser"/>, that the server refuses over a plain connection.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    public const string Password = "pg-Secret-9f3k";
    public const string TlsOnlyUser = "tls_only";
    private readonly string _bin;
    private readonly string _root;
    private readonly string _data;
    private int _databases;

    public static string? FindBinaries() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderDescending().FirstOrDefault()
            : null;

    public PostgresServer(string bin, bool tls = false)
    {
        _bin = bin;
        _root = Path.Combine(Path.GetTempPath(), "psmigrate-pg-" + Guid.NewGuid().ToString("N")[..8]);
        _data = Path.Combine(_root, "data");
        Directory.CreateDirectory(_root);
        var pwfile = Path.Combine(_root, "pw");
        File.WriteAllText(pwfile, Password);
        var certificate = tls ? TlsCertificate.Create(_root) : null;
        if (Environment.UserName == "root") ProcessRunner.Run("chown", ["-R", "postgres:postgres", _root]);
        Port = ProcessRunner.FreePort();
        Run("initdb", "-D", _data, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256", "--pwfile=" + pwfile, "--no-sync", "-E", "UTF8");
        var options = $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100";
        if (certificate is not null)
        {
            // The first matching line wins: the TLS-only role is refused on any connection without TLS.
            var hba = Path.Combine(_data, "pg_hba.conf");
            File.WriteAllText(hba, $"hostnossl all {TlsOnlyUser} 0.0.0.0/0 reject\n" + File.ReadAllText(hba));
            options += $" -c ssl=on -c ssl_cert_file={certificate.CertificateFile} -c ssl_key_file={certificate.KeyFile}";
        }
        Run("pg_ctl", "-D", _data, "-l", Path.Combine(_root, "log"), "-w", "-t", "60", "start", "-o", options);
        if (certificate is not null)
            Psql("postgres", "-qc", $"CREATE ROLE {TlsOnlyUser} LOGIN CREATEDB PASSWORD '{Password}'");
    }

    public int Port { get; }

    /// <summary>
    /// A hot standby of this server, streaming from it: a base backup taken with pg_basebackup -R,
    /// started on a port of its own. Dispose it before the primary.
    /// </summary>
    public PostgresStandby StartStandby() => new(_bin, this, _root);

    /// <summary>Stops the server at once, as a crash would (for failover tests).</summary>
    public void Kill() => Run("pg_ctl", "-D", _data, "-m", "immediate", "-w", "stop");

    /// <summary>A new, empty database and its address (with the password in it).</summary>
    public string CreateDatabase()
    {
        var name = $"t{Interlocked.Increment(ref _databases)}";
        Run("psql", "-h", _root, "-p", Port.ToString(), "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-qc", $"CREATE DATABASE {name}");
        return $"postgresql://postgres:{Password}@127.0.0.1:{Port}/{name}";
    }

    /// <summary>A new database owned by the TLS-only role, and its address with nothing said about TLS.</summary>
    public string CreateTlsOnlyDatabase()
    {
        var name = $"t{Interlocked.Increment(ref _databases)}";
        Run("psql", "-h", _root, "-p", Port.ToString(), "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-qc", $"CREATE DATABASE {name} OWNER {TlsOnlyUser}");
        return $"postgresql://{TlsOnlyUser}:{Password}@127.0.0.1:{Port}/{name}";
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
