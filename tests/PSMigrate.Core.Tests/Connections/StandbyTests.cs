using PSMigrate.Tests.Support;

namespace PSMigrate.Tests.Connections;

/// <summary>
/// PostgreSQL as deployments run it: a primary with a streaming hot standby, an address that lists
/// both hosts and lets the driver find the primary, a standby refused before any write, and a
/// failover mid-run that ends consistent. Each test has a cluster of its own, since it kills servers.
/// </summary>
public class StandbyTests
{
    private static PostgresServer Primary()
    {
        if (PostgresServer.FindBinaries() is not { } bin)
        {
            if (TestDatabases.InCi) throw new InvalidOperationException("PostgreSQL is not installed, and CI=true requires it");
            throw new Xunit.SkipException("PostgreSQL is not installed; skipping");
        }
        return new PostgresServer(bin);
    }

    private static string Address(string database, params int[] ports) =>
        $"postgresql://postgres:{PostgresServer.Password}@{string.Join(",", ports.Select(p => $"127.0.0.1:{p}"))}/{database}";

    private static string Name(string address) => address[(address.LastIndexOf('/') + 1)..];

    private static void Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        bool Holds()
        {
            try { return condition(); }
            catch (Exception e) when (e is System.Data.Common.DbException or MigrationException) { return false; } // not created yet
        }
        while (!Holds())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException(what);
            Thread.Sleep(100);
        }
    }

    [SkippableFact]
    public void A_multi_host_address_finds_the_primary_and_a_standby_alone_is_refused_before_any_write()
    {
        using var primary = Primary();
        var database = Name(primary.CreateDatabase());
        using var standby = primary.StartStandby();
        using var f = new FolderBuilder()
            .Add("001", up: "CREATE TABLE t1 (id INT);", down: "DROP TABLE t1;")
            .Add("002", "001", up: "CREATE TABLE t2 (id INT);", down: "DROP TABLE t2;");

        var refused = Assert.Throws<MigrationException>(() => f.Migrator(Address(database, standby.Port)).Upgrade());
        Assert.Equal(ErrorIds.ReadOnlyServer, refused.ErrorId);
        Assert.Contains("read-only standby", refused.Message);
        Assert.DoesNotContain(PostgresServer.Password, refused.Message);
        Assert.Empty(f.Migrator(Address(database, standby.Port)).Status().Current); // reads work on a standby

        // The standby first in the list: the driver passes over it to the primary.
        var both = Address(database, standby.Port, primary.Port) + "?target_session_attrs=read-write";
        var migrator = f.Migrator(both);
        Assert.Equal($"postgresql://postgres:***@127.0.0.1:{standby.Port},127.0.0.1:{primary.Port}/{database}?target_session_attrs=read-write", migrator.Database);
        Assert.True(migrator.Upgrade().Succeeded);
        Assert.Equal(["002"], new DbProbe(Address(database, primary.Port)).Versions());
        Until(() => f.Migrator(Address(database, standby.Port)).Status().Current.SequenceEqual(["002"]), "the standby to replay the upgrade");
    }

    [SkippableFact]
    [Trait("Category", "Slow")]
    public void A_primary_lost_mid_run_and_a_standby_promoted_ends_at_head_with_each_revision_once()
    {
        using var primary = Primary();
        var database = Name(primary.CreateDatabase());
        using var standby = primary.StartStandby();
        using var f = new FolderBuilder()
            .Add("001", up: "CREATE TABLE t1 (id INT);", down: "DROP TABLE t1;")
            .Add("002", "001", up: "SELECT pg_sleep(4);\nCREATE TABLE t2 (id INT);", down: "DROP TABLE t2;")
            .Add("003", "002", up: "CREATE TABLE t3 (id INT);", down: "DROP TABLE t3;");
        var both = Address(database, primary.Port, standby.Port) + "?target_session_attrs=read-write";

        var first = Task.Run(() =>
        {
            try { return f.Migrator(both).Upgrade().Failure; }
            catch (MigrationException e) { return e; }
        });
        Until(() => new DbProbe(Address(database, primary.Port)).Versions().SequenceEqual(["001"]), "revision 001 to commit");
        Thread.Sleep(1000); // inside 002's sleep
        primary.Kill();
        Assert.NotNull(first.Result);

        standby.Promote();
        var again = f.Migrator(both).Upgrade();

        Assert.True(again.Succeeded, again.Failure?.Message);
        var promoted = new DbProbe(Address(database, standby.Port));
        Assert.Equal(["003"], promoted.Versions());
        Assert.Equal(["001|upgrade|applied", "002|upgrade|applied", "003|upgrade|applied"], promoted.Journal());
    }
}
