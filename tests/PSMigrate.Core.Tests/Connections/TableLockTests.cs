using System.Diagnostics;
using PSMigrate.Tests.Support;

namespace PSMigrate.Tests.Connections;

/// <summary>
/// A revision's statement waits for a table lock only briefly; one whose wait runs out is rolled
/// back and tried again after a pause, a bounded number of times, so an application's queries never
/// queue for long behind an ALTER TABLE that waits for a long transaction.
/// </summary>
[Collection(DatabaseCollection.Name)]
public class TableLockTests(TestDatabases databases)
{
    public static IEnumerable<object[]> ServerDialects => TestDatabases.ServerDialects;

    private static FolderBuilder Folder(string config = "{}") => new FolderBuilder().Config(config)
        .Add("001", up: "CREATE TABLE accounts (id INT);\nINSERT INTO accounts VALUES (1);", down: "DROP TABLE accounts;")
        .Add("002", "001", up: "ALTER TABLE accounts ADD COLUMN note VARCHAR(20);", down: "ALTER TABLE accounts DROP COLUMN note;");

    [SkippableTheory, MemberData(nameof(ServerDialects))]
    public void A_revision_behind_a_long_transaction_is_tried_again_and_applies_once_the_table_is_free(TestDialect dialect)
    {
        using var f = Folder();
        var db = databases.Create(dialect);
        f.Migrator(db).Upgrade("001").ThrowIfFailed();
        var waits = new List<string>();

        Stopwatch clock;
        using (new LockHolder(db, "accounts", TimeSpan.FromSeconds(3)))
        {
            clock = Stopwatch.StartNew();
            var run = f.Migrator(db).Upgrade("heads", new RunObserver(Progress: p => { if (p.Waiting is { } w) waits.Add(w); }));
            Assert.True(run.Succeeded, run.Failure?.Message);
        }

        Assert.Equal(["002"], new DbProbe(db).Versions());
        Assert.NotEmpty(waits);
        Assert.Equal("waiting for a lock on accounts (try 2 of 10)", waits[0]);
        // Held 3 s: the revision waited, but not for a fixed 50 s the server would otherwise allow.
        Assert.InRange(clock.Elapsed.TotalSeconds, 2.5, 15);
        var journal = new DbProbe(db).Journal();
        Assert.Equal(["001|upgrade|applied", "002|upgrade|applied"], journal);
    }

    [SkippableTheory, MemberData(nameof(ServerDialects))]
    public void A_revision_whose_tries_run_out_fails_with_its_own_error_naming_the_table_and_leaves_nothing_behind(TestDialect dialect)
    {
        using var f = Folder("""{ "tableLockTimeout": 0.5, "tableLockTries": 2 }""");
        var db = databases.Create(dialect);
        f.Migrator(db).Upgrade("001").ThrowIfFailed();

        MigrationRun run;
        using (new LockHolder(db, "accounts", TimeSpan.FromSeconds(6)))
            run = f.Migrator(db).Upgrade();

        var failure = Assert.IsType<MigrationException>(run.Failure);
        Assert.Equal(ErrorIds.TableLockTimeout, failure.ErrorId);
        Assert.Contains("waited for a lock on accounts 2 time(s)", failure.Message);
        Assert.Contains("002_rev.sql:7", failure.Message);
        Assert.Equal(["001"], new DbProbe(db).Versions());
        var status = f.Migrator(db).Status();
        Assert.False(status.IsDirty, status.DirtyReason);
        // Once the table is free, the same revision applies.
        Assert.True(f.Migrator(db).Upgrade().Succeeded);
    }
}
