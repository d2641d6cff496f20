using System.Diagnostics;
using PSMigrate.Tests.Support;

namespace PSMigrate.Tests.Connections;

/// <summary>The Galera cluster of three nodes the tests of this class share, started on first use.</summary>
public sealed class GaleraFixture : IDisposable
{
    private readonly Lazy<GaleraCluster> _cluster = new(() =>
    {
        if (!GaleraCluster.Available())
        {
            if (TestDatabases.InCi) throw new InvalidOperationException("galera-4, mariadb-server and rsync are required under CI=true");
            throw new Xunit.SkipException("Galera is not installed (apt-get install galera-4 rsync mariadb-server); skipping");
        }
        return new GaleraCluster();
    });

    private int _databases;

    /// <summary>A new database on the cluster, and its address on each node.</summary>
    public IReadOnlyList<string> Create() => _cluster.Value.CreateDatabase($"g{Interlocked.Increment(ref _databases)}");

    public void Dispose()
    {
        if (_cluster.IsValueCreated) _cluster.Value.Dispose();
    }
}

/// <summary>
/// MariaDB Galera, multi-writer: runners on different nodes share one migration lock (GET_LOCK is
/// node-local there, so PSMigrate takes a certified lease instead), each revision runs exactly once,
/// and a killed runner's lease is taken over without running its revision again.
/// </summary>
[Trait("Category", "Slow")]
public class GaleraTests(GaleraFixture galera) : IClassFixture<GaleraFixture>
{
    [SkippableFact]
    public void Nine_runners_over_three_nodes_apply_every_revision_exactly_once()
    {
        var nodes = galera.Create();
        using var f = new FolderBuilder();
        for (var i = 1; i <= 40; i++)
            f.Add($"{i:000}", i == 1 ? "" : $"{i - 1:000}", up: $"CREATE TABLE t{i} (id INT PRIMARY KEY);\nINSERT INTO t{i} VALUES ({i});", down: $"DROP TABLE t{i};");
        var project = f.Project();

        var runners = Enumerable.Range(0, 9).Select(i => Task.Run(() =>
            project.ForDatabase(nodes[i % 3], lockTimeout: TimeSpan.FromMinutes(3)).Upgrade())).ToArray();
        Task.WaitAll(runners);

        Assert.All(runners, r => Assert.True(r.Result.Succeeded, r.Result.Failure?.Message));
        Assert.Equal(40, runners.Sum(r => r.Result.Steps.Count));
        foreach (var node in nodes)
        {
            var probe = new DbProbe(node, CausalReads);
            Assert.Equal(["040"], probe.Versions());
            Assert.Equal(Enumerable.Range(1, 40).Select(i => $"{i:000}|upgrade|applied"), probe.Journal());
        }
        var status = project.ForDatabase(nodes[1]).Status();
        Assert.Contains("(Galera cluster of 3 node(s))", status.ServerVersion);
        Assert.DoesNotContain("psmigrate_lock", project.ExportSchema(nodes[2])); // the lease table is PSMigrate's own: no drift
    }

    [SkippableFact]
    public void Runs_taking_turns_on_each_node_keep_one_journal_in_order()
    {
        // Each node hands out its own auto-increment ids (1, 4, 7 ... on one, 2, 5, 8 ... on the next),
        // while a run names the ids of its later journal rows itself: the next run, on another node,
        // must still get a fresh id for its first row, after the last one.
        var nodes = galera.Create();
        using var f = new FolderBuilder();
        for (var i = 1; i <= 9; i++)
            f.Add($"{i:000}", i == 1 ? "" : $"{i - 1:000}", up: $"CREATE TABLE t{i} (id INT);", down: $"DROP TABLE t{i};");
        var project = f.Project();

        for (var run = 0; run < 3; run++)
            Assert.Equal(3, project.ForDatabase(nodes[run]).Upgrade("+3").ThrowIfFailed().Count);

        foreach (var node in nodes)
            Assert.Equal(Enumerable.Range(1, 9).Select(i => $"{i:000}|upgrade|applied"), new DbProbe(node, CausalReads).Journal());
        Assert.False(project.ForDatabase(nodes[0]).Status().IsDirty);
    }

    [SkippableFact]
    public void A_killed_runner_is_taken_over_within_the_lease_and_its_half_done_revision_is_refused_not_run_again()
    {
        var nodes = galera.Create();
        using var f = new FolderBuilder()
            .Add("001", up: "CREATE TABLE first_half (id INT);\nSELECT 1 FROM DUAL WHERE SLEEP(60) = 0;\nCREATE TABLE second_half (id INT);", down: "DROP TABLE second_half;\nDROP TABLE first_half;");
        var start = CliRunner.StartInfo(f.Path, "upgrade", "-d", nodes[0]);
        using var killed = Process.Start(start)!;
        var probe = new DbProbe(nodes[1]);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!probe.TableExists("first_half") && DateTime.UtcNow < deadline) Thread.Sleep(100);
        killed.Kill(entireProcessTree: true);
        killed.WaitForExit();

        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<MigrationException>(() => f.Project().ForDatabase(nodes[1], lockTimeout: TimeSpan.FromMinutes(1)).Upgrade());

        Assert.Equal(ErrorIds.DirtyDatabase, e.ErrorId);
        Assert.Equal("001", e.Revision);
        Assert.True(clock.Elapsed < GaleraLeaseTime + TimeSpan.FromSeconds(10), $"took over after {clock.Elapsed}");
        Assert.False(probe.TableExists("second_half"));
    }

    private static readonly TimeSpan GaleraLeaseTime = TimeSpan.FromSeconds(15);

    // A node applies another node's commit a moment after the cluster certifies it: a check read
    // right after a run elsewhere waits for it, as PSMigrate's own lease session does.
    private const string CausalReads = "SET SESSION wsrep_sync_wait = 1";
}
