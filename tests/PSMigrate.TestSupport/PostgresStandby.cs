namespace PSMigrate.Tests.Support;

/// <summary>A streaming hot standby of a <see cref="PostgresServer"/>, as pg_basebackup -R makes one; it can be promoted.</summary>
public sealed class PostgresStandby : IDisposable
{
    private readonly string _bin;
    private readonly string _data;

    internal PostgresStandby(string bin, PostgresServer primary, string primaryRoot)
    {
        _bin = bin;
        _data = Path.Combine(primaryRoot, "standby-" + Guid.NewGuid().ToString("N")[..6]);
        Port = ProcessRunner.FreePort();
        Run("pg_basebackup", "-h", "127.0.0.1", "-p", primary.Port.ToString(), "-U", "postgres", "-D", _data, "-R", "-X", "stream", "--no-sync", "--checkpoint=fast");
        Run("pg_ctl", "-D", _data, "-l", _data + ".log", "-w", "-t", "60", "start",
            "-o", $"-p {Port} -k {primaryRoot} -c listen_addresses=127.0.0.1 -c hot_standby=on");
    }

    public int Port { get; }

    /// <summary>Makes the standby a primary, and waits until it takes writes.</summary>
    public void Promote() => Run("pg_ctl", "-D", _data, "-w", "promote");

    private string Run(string tool, params string[] arguments) =>
        ProcessRunner.Run(Path.Combine(_bin, tool), arguments, asUser: "postgres", environment: new() { ["PGPASSWORD"] = PostgresServer.Password });

    public void Dispose()
    {
        try { Run("pg_ctl", "-D", _data, "-m", "immediate", "-w", "stop"); } catch (InvalidOperationException) { }
    }
}
