using System.Diagnostics;
using PSMigrate.Tests.Support;

namespace PSMigrate.Tests.Execution;

/// <summary>
/// Whole psmigrate processes against the real servers: many runners at once, a runner killed
/// mid-revision, and a connection lost mid-revision.
/// </summary>
[Collection(DatabaseCollection.Name)]
public class ProcessTests(TestDatabases databases)
{
    public static IEnumerable<object[]> ServerDialects => TestDatabases.ServerDialects;

    private static string Sleep(TestDialect dialect, int seconds) =>
        dialect == TestDialect.PostgreSql ? $"SELECT pg_sleep({seconds});" : $"SELECT SLEEP({seconds});";

    [SkippableTheory, MemberData(nameof(ServerDialects))]
    public void Eight_processes_upgrading_one_database_apply_every_revision_once(TestDialect dialect)
    {
        using var f = new FolderBuilder();
        for (var i = 1; i <= 25; i++)
            f.Add($"{i:000}", i == 1 ? "" : $"{i - 1:000}", up: $"CREATE TABLE p{i} (id INT);", down: $"DROP TABLE p{i};");
        var db = databases.Create(dialect);

        var runners = Enumerable.Range(0, 8).Select(_ => Process.Start(CliRunner.StartInfo(f.Path, "upgrade", "-d", db, "--json"))!).ToArray();
        var errors = runners.Select(p => p.StandardError.ReadToEndAsync()).ToArray();
        var outputs = runners.Select(p => p.StandardOutput.ReadToEndAsync()).ToArray();
        foreach (var p in runners) Assert.True(p.WaitForExit(TimeSpan.FromMinutes(2)));

        Assert.All(runners.Zip(errors), r => Assert.True(r.First.ExitCode == 0, r.Second.Result));
        var journal = new DbProbe(db).Journal("revision");
        Assert.Equal(25, journal.Length);
        Assert.Equal(25, journal.Distinct().Count());
        Assert.Equal(["025"], new DbProbe(db).Versions());
        Assert.Equal(25, outputs.Sum(o => System.Text.Json.JsonDocument.Parse(o.Result).RootElement.GetArrayLength()));
    }

    [SkippableTheory, MemberData(nameof(ServerDialects))]
    public void A_runner_killed_mid_revision(TestDialect dialect)
    {
        using var f = new FolderBuilder();
        f.Add("001", up: "CREATE TABLE k1 (id INT);", down: "DROP TABLE k1;")
         .Add("002", "001", up: "CREATE TABLE k2 (id INT);\n" + Sleep(dialect, 4), down: "DROP TABLE k2;");
        var db = databases.Create(dialect);
        var probe = new DbProbe(db);

        var victim = Process.Start(CliRunner.StartInfo(f.Path, "upgrade", "-d", db))!;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        // Inside revision 002: 001 is recorded, and 002 has started (its journal row on MySQL, its table on either once visible).
        while (DateTime.UtcNow < deadline && !(probe.TableExists("psmigrate_version") && probe.Versions() is ["001"])) Thread.Sleep(50);
        Thread.Sleep(500);
        victim.Kill(entireProcessTree: true);
        victim.WaitForExit();

        // Status reads without the lock; it must read a true state. The upgrade or stamp below takes the
        // lock, which it gets only once the server has dropped the dead session's.
        var status = f.Migrator(db).Status();
        Assert.Equal(["001"], status.Current);
        if (dialect == TestDialect.PostgreSql)
        {
            // Transactional DDL: 002 is there whole or not at all, and the database is clean. Its batch
            // reached the server whole, COMMIT included, so the server may still finish it once the runner is gone.
            Assert.False(status.IsDirty);
            SpinUntil(() => probe.Scalar("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = 'psmigrate' AND pid <> pg_backend_pid()") == 0);
            var finished = probe.Versions() is ["002"];
            Assert.Equal(finished, probe.TableExists("k2"));
            Assert.Equal(finished ? ["001|upgrade|applied", "002|upgrade|applied"] : ["001|upgrade|applied"], probe.Journal());
            Assert.False(f.Migrator(db).Status().IsDirty);
            Assert.Equal(finished ? [] : ["002"], f.Migrator(db, TimeSpan.FromSeconds(30)).Upgrade("head").ThrowIfFailed().Select(s => s.Revision));
            Assert.Equal(["002"], probe.Versions());
        }
        else
        {
            // MySQL committed CREATE TABLE k2: the database is dirty and says exactly why.
            Assert.True(status.IsDirty);
            Assert.Contains("upgrade of revision 002 is 'running'", status.DirtyReason);
            Assert.True(probe.TableExists("k2"));
            var refused = Assert.Throws<MigrationException>(() => f.Migrator(db, TimeSpan.FromSeconds(30)).Upgrade("head").ThrowIfFailed());
            Assert.Equal(ErrorIds.DirtyDatabase, refused.ErrorId);
            Assert.False(f.Migrator(db, TimeSpan.FromSeconds(30)).Stamp(["002"]).IsDirty);
        }
    }

    [SkippableTheory, MemberData(nameof(ServerDialects))]
    public void A_connection_lost_mid_revision_is_a_clear_error_and_never_a_wrong_version_table(TestDialect dialect)
    {
        using var f = new FolderBuilder();
        f.Add("001", up: "CREATE TABLE c1 (id INT);", down: "DROP TABLE c1;")
         .Add("002", "001", up: Sleep(dialect, 20) + "\nCREATE TABLE c2 (id INT);", down: "DROP TABLE c2;");
        var db = databases.Create(dialect);
        var probe = new DbProbe(db);

        var run = Task.Run(() => f.Migrator(db).Upgrade("head").ThrowIfFailed());
        var killQuery = dialect == TestDialect.PostgreSql
            ? "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'psmigrate' AND query LIKE '%pg_sleep%' AND pid <> pg_backend_pid()"
            : "SELECT id FROM information_schema.processlist WHERE info LIKE 'SELECT SLEEP%'";
        SpinUntil(() =>
        {
            if (dialect == TestDialect.PostgreSql) return probe.Scalar($"SELECT COUNT(*) FROM ({killQuery}) t") > 0;
            var ids = probe.Strings(killQuery);
            foreach (var id in ids) probe.Execute($"KILL {id}");
            return ids.Length > 0;
        });

        var e = Assert.Throws<MigrationException>(() => run.GetAwaiter().GetResult());
        Assert.Equal(ErrorIds.ConnectionFailed, e.ErrorId);
        Assert.Equal("002", e.Revision);
        Assert.Equal(["001"], probe.Versions());
        Assert.False(probe.TableExists("c2"));
    }

    private static void SpinUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            Thread.Sleep(50);
        }
    }
}
