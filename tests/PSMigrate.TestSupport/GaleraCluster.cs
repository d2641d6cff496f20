using System.Diagnostics;

namespace PSMigrate.Tests.Support;

/// <summary>
/// A MariaDB Galera cluster of three nodes on loopback ports, from the installed mariadbd and
/// Debian's galera-4 provider: the first node bootstraps the cluster, the others join it and take
/// their state from it by rsync. Each node has its own data directory, client port, group port,
/// state-transfer port and incremental-transfer port.
/// </summary>
public sealed class GaleraCluster : IDisposable
{
    public const string Provider = "/usr/lib/galera/libgalera_smm.so";
    private string _root = "";
    private readonly List<Node> _nodes = [];

    public static bool Available() => File.Exists(Provider) && MariaDbServer.FindServer() is not null && File.Exists("/usr/bin/rsync");

    /// <summary>
    /// A cluster that fails to form is torn down, nodes and files, and formed once more on new
    /// ports: a port found free can be taken by another test's server before a node binds it.
    /// </summary>
    public GaleraCluster(int size = 3)
    {
        try { Form(size); }
        catch (InvalidOperationException first)
        {
            TearDown();
            try { Form(size); }
            catch (InvalidOperationException second)
            {
                TearDown();
                throw new InvalidOperationException($"the Galera cluster did not form, twice: {first.Message}\n--- then: {second.Message}", second);
            }
        }
    }

    private void Form(int size)
    {
        _root = Path.Combine(Path.GetTempPath(), "psmigrate-galera-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_root);
        // State transfer runs an rsync daemon, which as root would drop to 'nobody' and not reach the
        // data directory: as root, the nodes run as the mysql user the server package makes.
        if (Environment.UserName == "root") ProcessRunner.Run("chown", ["mysql:mysql", _root]);
        var ports = Enumerable.Range(0, size).Select(_ => (Client: ProcessRunner.FreePort(), Group: ProcessRunner.FreePort(), Sst: ProcessRunner.FreePort(), Ist: ProcessRunner.FreePort())).ToList();
        var members = string.Join(",", ports.Select(p => $"127.0.0.1:{p.Group}"));
        for (var i = 0; i < size; i++)
        {
            var node = new Node(_root, i + 1, ports[i].Client, ports[i].Group, ports[i].Sst, ports[i].Ist, members);
            _nodes.Add(node);
            node.Start(bootstrap: i == 0);
            node.WaitUntilSynced(i + 1);
            if (i == 0) node.Client("-e", $"CREATE USER '{MariaDbServer.User}'@'%' IDENTIFIED BY '{MariaDbServer.Password}'; GRANT ALL ON *.* TO '{MariaDbServer.User}'@'%'");
        }
    }

    private void TearDown()
    {
        foreach (var node in Enumerable.Reverse(_nodes)) node.Stop();
        _nodes.Clear();
        try { Directory.Delete(_root, true); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    public IReadOnlyList<Node> Nodes => _nodes;

    /// <summary>A new database, created on the first node and so on every node, and its address on each node.</summary>
    public IReadOnlyList<string> CreateDatabase(string name)
    {
        _nodes[0].Client("-e", $"CREATE DATABASE {name}");
        return _nodes.Select(n => $"mysql://{MariaDbServer.User}:{MariaDbServer.Password}@127.0.0.1:{n.Port}/{name}").ToList();
    }

    public void Dispose() => TearDown();

    /// <summary>One mariadbd of the cluster.</summary>
    public sealed class Node(string root, int number, int port, int group, int sst, int ist, string members)
    {
        private readonly string _data = Path.Combine(root, $"node{number}");
        private readonly string _socket = Path.Combine(root, $"node{number}.sock");
        private Process? _process;

        public int Port { get; } = port;

        public void Start(bool bootstrap)
        {
            var user = Environment.UserName == "root" ? new[] { "--user=mysql" } : [];
            if (!Directory.Exists(_data))
                ProcessRunner.Run("mariadb-install-db", ["--no-defaults", "--datadir=" + _data, "--auth-root-authentication-method=normal",
                    "--skip-test-db", "--skip-name-resolve", .. user], TimeSpan.FromMinutes(3));
            var start = new ProcessStartInfo(MariaDbServer.FindServer()!) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in new[]
                     {
                         "--no-defaults", "--datadir=" + _data, $"--port={Port}", "--bind-address=127.0.0.1", "--socket=" + _socket,
                         "--pid-file=" + Path.Combine(root, $"node{number}.pid"), "--log-error=" + Path.Combine(root, $"node{number}.err"), "--skip-name-resolve", "--skip-log-bin",
                         "--innodb-flush-log-at-trx-commit=0", "--max-connections=200", "--binlog-format=ROW", "--innodb-autoinc-lock-mode=2",
                         "--wsrep-on=ON", "--wsrep-provider=" + Provider, "--wsrep-cluster-name=psmigrate",
                         "--wsrep-cluster-address=gcomm://" + (bootstrap ? "" : members), $"--wsrep-node-address=127.0.0.1:{group}",
                         $"--wsrep-node-name=node{number}", "--wsrep-sst-method=rsync", $"--wsrep-sst-receive-address=127.0.0.1:{sst}",
                         $"--wsrep-provider-options=gmcast.listen_addr=tcp://127.0.0.1:{group};ist.recv_addr=127.0.0.1:{ist};gcache.size=64M",
                     }.Concat(user).Concat(bootstrap ? ["--wsrep-new-cluster"] : []))
                start.ArgumentList.Add(a);
            _process = Process.Start(start)!;
            _process.ErrorDataReceived += (_, _) => { };
            _process.OutputDataReceived += (_, _) => { };
            _process.BeginErrorReadLine();
            _process.BeginOutputReadLine();
        }

        /// <summary>Waits until this node is synced in a cluster of at least <paramref name="size"/> nodes.</summary>
        public void WaitUntilSynced(int size)
        {
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (true)
            {
                try
                {
                    var status = Client("-N", "-e", "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME IN ('WSREP_LOCAL_STATE_COMMENT', 'WSREP_CLUSTER_SIZE') ORDER BY VARIABLE_NAME");
                    var values = status.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                    if (values.Length == 2 && int.Parse(values[0]) >= size && values[1].Trim() == "Synced") return;
                }
                catch (InvalidOperationException) when (_process is { HasExited: false }) { }
                if (_process is { HasExited: true } || DateTime.UtcNow > deadline)
                    throw new InvalidOperationException($"Galera node {number} did not join a cluster of {size}: {Tail(Path.Combine(root, $"node{number}.err"))}");
                Thread.Sleep(250);
            }
        }

        private static string Tail(string log) => File.Exists(log) ? string.Join("\n", File.ReadLines(log).TakeLast(15)) : "(no log)";

        public string Client(params string[] arguments) =>
            ProcessRunner.Run("mariadb", ["--no-defaults", "-S", _socket, "-u", "root", .. arguments]);

        public void Stop()
        {
            try
            {
                if (_process is { HasExited: false }) { _process.Kill(); _process.WaitForExit(10_000); }
            }
            catch (InvalidOperationException) { }
        }
    }
}
