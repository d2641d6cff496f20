using System.Diagnostics;

namespace PSMigrate.Tests.Support;

/// <summary>
/// A throwaway MariaDB (or MySQL) server from the installed binaries: a temp data directory,
/// a free loopback port, and a password-protected user for the tests. With <c>tls</c>, the server
/// also speaks TLS (a certificate made by openssl for the run) and has a user,
/// <see cref="TlsOnlyUser"/>, created REQUIRE SSL.
/// </summary>
public sealed class MariaDbServer : IDisposable
{
    public const string User = "psmigrate";
    public const string Password = "my-Secret-7q2z";
    public const string TlsOnlyUser = "tls_only";
    private readonly string _root;
    private readonly Process _server;
    private int _databases;

    public static string? FindServer() =>
        new[] { "/usr/sbin/mariadbd", "/usr/sbin/mysqld", "/usr/bin/mariadbd" }.FirstOrDefault(File.Exists);

    public MariaDbServer(string server, bool tls = false)
    {
        _root = Path.Combine(Path.GetTempPath(), "psmigrate-my-" + Guid.NewGuid().ToString("N")[..8]);
        var data = Path.Combine(_root, "data");
        Directory.CreateDirectory(data);
        Socket = Path.Combine(_root, "mysql.sock");
        Port = ProcessRunner.FreePort();
        var user = Environment.UserName == "root" ? new[] { "--user=root" } : [];
        ProcessRunner.Run("mariadb-install-db", ["--no-defaults", "--datadir=" + data, "--auth-root-authentication-method=normal",
            "--skip-test-db", "--skip-name-resolve", .. user], TimeSpan.FromMinutes(3));

        var start = new ProcessStartInfo(server) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "--no-defaults", "--datadir=" + data, $"--port={Port}", "--bind-address=127.0.0.1", "--socket=" + Socket,
                     "--pid-file=" + Path.Combine(_root, "pid"), "--skip-name-resolve", "--innodb-flush-log-at-trx-commit=0",
                     "--skip-log-bin", "--max-connections=200" }.Concat(user).Concat(Tls(tls)))
            start.ArgumentList.Add(a);
        _server = Process.Start(start)!;
        _server.ErrorDataReceived += (_, _) => { };
        _server.OutputDataReceived += (_, _) => { };
        _server.BeginErrorReadLine();
        _server.BeginOutputReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                Client("-e", $"CREATE USER IF NOT EXISTS '{User}'@'%' IDENTIFIED BY '{Password}'; GRANT ALL ON *.* TO '{User}'@'%'" +
                             (tls ? $"; CREATE USER IF NOT EXISTS '{TlsOnlyUser}'@'%' IDENTIFIED BY '{Password}' REQUIRE SSL; GRANT ALL ON *.* TO '{TlsOnlyUser}'@'%'" : ""));
                break;
            }
            catch (InvalidOperationException) when (DateTime.UtcNow < deadline && !_server.HasExited)
            {
                Thread.Sleep(250);
            }
        }
    }

    private IEnumerable<string> Tls(bool tls)
    {
        if (!tls) return [];
        var certificate = TlsCertificate.Create(_root);
        return ["--ssl-cert=" + certificate.CertificateFile, "--ssl-key=" + certificate.KeyFile];
    }

    public int Port { get; }
    public string Socket { get; }

    public string CreateDatabase()
    {
        var name = $"t{Interlocked.Increment(ref _databases)}";
        Client("-e", $"CREATE DATABASE {name}");
        return $"mysql://{User}:{Password}@127.0.0.1:{Port}/{name}";
    }

    /// <summary>A new database and its address for the TLS-only user, with nothing said about TLS.</summary>
    public string CreateTlsOnlyDatabase() => CreateDatabase().Replace($"{User}:", $"{TlsOnlyUser}:");

    /// <summary>mariadb-dump with its defaults (and <paramref name="arguments"/>), written to <paramref name="file"/>.</summary>
    public void Dump(string file, params string[] arguments) =>
        ProcessRunner.Run("mariadb-dump", ["--no-defaults", "-S", Socket, "-u", "root", "-r", file, .. arguments]);

    public string Client(params string[] arguments) =>
        ProcessRunner.Run("mariadb", ["--no-defaults", "-S", Socket, "-u", "root", .. arguments]);

    public void Dispose()
    {
        try
        {
            if (!_server.HasExited) { _server.Kill(); _server.WaitForExit(10_000); }
        }
        catch (InvalidOperationException) { }
        try { Directory.Delete(_root, true); } catch (IOException) { }
    }
}
