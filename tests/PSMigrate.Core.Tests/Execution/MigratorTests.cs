using PSMigrate.Tests.Support;

namespace PSMigrate.Tests.Execution;

/// <summary>
/// The engine's behaviour against real databases, the same tests for every dialect. Where a
/// dialect differs by design (MySQL cannot roll back DDL), the test says so explicitly.
/// </summary>
[Collection(DatabaseCollection.Name)]
public class MigratorTests(TestDatabases databases)
{
    public static IEnumerable<object[]> Dialects => TestDatabases.Dialects;
    public static IEnumerable<object[]> ServerDialects => TestDatabases.ServerDialects;

    /// <summary>Three linear revisions, each creating one table.</summary>
    private static FolderBuilder Linear(FolderBuilder f) => f
        .Add("001", up: "CREATE TABLE t1 (id INT);", down: "DROP TABLE t1;")
        .Add("002", "001", up: "CREATE TABLE t2 (id INT);\nINSERT INTO t2 (id) VALUES (1);", down: "DROP TABLE t2;")
        .Add("003", "002", up: "CREATE TABLE t3 (id INT);", down: "DROP TABLE t3;");

    /// <summary>base - b, branching to c (label 'left') and d (label 'right'), merged by m, with e depending on c.</summary>
    private static FolderBuilder Branchy(FolderBuilder f) => f
        .Add("a", up: "CREATE TABLE ta (id INT);", down: "DROP TABLE ta;")
        .Add("b", "a", up: "ALTER TABLE ta ADD COLUMN b INT;", down: "ALTER TABLE ta DROP COLUMN b;")
        .Add("c", "b", labels: "left", up: "CREATE TABLE tc (id INT);", down: "DROP TABLE tc;")
        .Add("d", "b", labels: "right", up: "CREATE TABLE td (id INT);", down: "DROP TABLE td;")
        .Add("m", "c, d", up: "CREATE TABLE tm (id INT);", down: "DROP TABLE tm;")
        .Add("x", up: "CREATE TABLE tx (id INT);", down: "DROP TABLE tx;", labels: "extra")
        .Add("e", "x", dependsOn: "c", up: "CREATE TABLE te (id INT);", down: "DROP TABLE te;");

    [SkippableTheory, MemberData(nameof(Dialects))]
    public void Upgrade_to_head_records_versions_journal_and_checksums(TestDialect dialect)
    {
        using var f = Linear(new FolderBuilder());
        var db = databases.Create(dialect);
        var progress = new List<MigrationProgress>();
        var streamed = new List<MigrationStepResult>();

        var results = f.Migrator(db).Upgrade("head", new RunObserver(progress.Add, streamed.Add)).ThrowIfFailed();

        Assert.Equal(["001", "002", "003"], results.Select(r => r.Revision));
        Assert.All(results, r => Assert.Equal(StepStatus.Applied, r.Status));
        Assert.Equal([1, 2, 1], results.Select(r => r.StatementCount));
        Assert.Equal(results, streamed);
        Assert.Equal([1, 2, 3], progress.Select(p => p.StepNumber));
        Assert.All(progress, p => Assert.Equal(3, p.StepCount));

        var probe = new DbProbe(db);
        Assert.Equal(["003"], probe.Versions());
        Assert.Equal(["t1.id", "t2.id", "t3.id"], probe.Schema());
        Assert.Equal(["001|upgrade|applied", "002|upgrade|applied", "003|upgrade|applied"], probe.Journal());
        var folder = f.Load();
        Assert.Equal(folder.Revisions.Select(r => r.Checksum), probe.Journal("checksum"));
        Assert.All(probe.Journal("applied_by, host, tool_version"), row => Assert.DoesNotContain("||", row));

        Assert.Empty(f.Migrator(db).Upgrade("head").ThrowIfFailed());
        Assert.Equal(3, probe.Journal().Length);
    }

    [SkippableTheory, MemberData(nameof(Dialects))]
    public void A_failing_statement_in_revision_k_leaves_the_database_at_k_minus_1(TestDialect dialect)
    {
        using var f = Linear(new FolderBuilder());
        f.Add("004", "003", up: "CREATE TABLE t4 (id INT);\nINSERT INTO no_such_table VALUES (1);", down: "DROP TABLE t4;");
        var db = databases.Create(dialect);
        var streamed = new List<MigrationStepResult>();

        // A run that partly succeeds is a value: the steps done, the failed one, and the error.
        var run = f.Migrator(db).Upgrade("head", new RunObserver(StepCompleted: streamed.Add));

        Assert.False(run.Succeeded);
        Assert.Equal(["001", "002", "003", "004"], run.Steps.Select(r => r.Revision));
        Assert.Equal([StepStatus.Applied, StepStatus.Applied, StepStatus.Applied, StepStatus.Failed], run.Steps.Select(r => r.Status));
        Assert.Equal(run.Steps, streamed);
        var e = run.Failure!;
        Assert.Same(e, Assert.Throws<MigrationException>(() => run.ThrowIfFailed()));
        Assert.Equal(ErrorIds.StatementFailed, e.ErrorId);
        Assert.Equal("004", e.Revision);
        Assert.Equal(8, e.Line);
        Assert.Contains("004_rev.sql:8", e.Message);
        Assert.Equal(run.Steps[^1].Error, e.Message);
        var probe = new DbProbe(db);
        Assert.Equal(["003"], probe.Versions());
        Assert.Equal("004|upgrade|failed", probe.Journal()[^1]);
        Assert.All(probe.Journal("applied_by, host, tool_version"), row => Assert.DoesNotMatch(@"^\||\|\||\|$", row));
        Assert.Contains("no_such_table", probe.Journal("error")[^1]);

        var status = f.Migrator(db).Status();
        if (dialect == TestDialect.MySql)
        {
            // MySQL committed CREATE TABLE t4 implicitly: the database is dirty and says why.
            Assert.Contains("t4.id", probe.Schema());
            Assert.True(status.IsDirty);
            Assert.Contains("revision 004 is 'failed'", status.DirtyReason);
            Assert.Equal(ErrorIds.DirtyDatabase, Assert.Throws<MigrationException>(() => f.Migrator(db).Upgrade("head").ThrowIfFailed()).ErrorId);
        }
        else
        {
            Assert.Equal(["t1.id", "t2.id", "t3.id"], probe.Schema());
            Assert.False(status.IsDirty);
            Assert.Equal(["004"], status.Pending);
        }
    }

    [SkippableTheory, MemberData(nameof(Dialects))]
    public void A_failed_upgrade_shows_in_the_log_history_and_status_until_the_revision_is_applied(TestDialect dialect)
    {
        using var f = Linear(new FolderBuilder());
        f.Add("004", "003", up: "INSERT INTO no_such_table VALUES (1);", down: "");
        var db = databases.Create(dialect);
        Assert.Empty(f.Migrator(db).Log());
        f.Migrator(db).Upgrade("head");

        var log = f.Migrator(db).Log();
        Assert.Equal(["004|upgrade|failed", "003|upgrade|applied", "002|upgrade|applied", "001|upgrade|applied"],
            log.Select(e => $"{e.Revision}|{e.Operation}|{e.Status}"));
        Assert.Contains("no_such_table", log[0].Error);
        Assert.Equal(DateTimeKind.Utc, log[0].StartedAt.Kind);
        Assert.InRange(log[0].StartedAt, DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddMinutes(1));
        Assert.All(log, e => Assert.False(string.IsNullOrEmpty(e.AppliedBy)));
        Assert.Equal(["004"], f.Migrator(db).Log(last: 1).Select(e => e.Revision));

        var status = f.Migrator(db).Status();
        Assert.Equal("004", Assert.Single(status.Failures).Revision);
        Assert.Contains("no_such_table", status.Failures[0].Error);
        var history = f.Migrator(db).History();
        Assert.Contains("no_such_table", history.Single(h => h.Revision == "004").LastError);
        Assert.All(history.Where(h => h.Revision != "004"), h => Assert.Null(h.LastError));

        // Mended and applied, the failure is history: the log keeps it, status and history let it go.
        File.WriteAllText(Directory.GetFiles(f.Versions, "004_*.sql")[0],
            "-- Revision: 004\n-- Revises: 003\n\n-- +upgrade\nCREATE TABLE t4 (id INT);\n-- +downgrade\nDROP TABLE t4;\n");
        if (dialect == TestDialect.MySql) f.Migrator(db).Stamp(["003"]);
        f.Migrator(db).Upgrade("head").ThrowIfFailed();
        Assert.Empty(f.Migrator(db).Status().Failures);
        Assert.All(f.Migrator(db).History(), h => Assert.Null(h.LastError));
        Assert.Equal("004|upgrade|applied", f.Migrator(db).Log(1).Select(e => $"{e.Revision}|{e.Operation}|{e.Status}").Single());
    }

    [SkippableTheory, MemberData(nameof(Dialects))]
    public void A_guarded_section_runs_only_where_its_table_exists_or_is_missing_online_and_offline(TestDialect dialect)
    {
        using var f = new FolderBuilder()
            .Add("001", up: "CREATE TABLE t1 (id INT);", down: "DROP TABLE t1;")
            .Raw("002_guarded.sql", """
                -- Revision: 002
                -- Revises: 001

                -- +upgrade if-table-exists runs
                ALTER TABLE runs ADD COLUMN note VARCHAR(20);
                INSERT INTO runs (id) VALUES (2);

                -- +upgrade if-table-missing runs
                CREATE TABLE fresh (id INT);

                -- +downgrade if-table-exists fresh
                DROP TABLE fresh;
                """);
        var storage = databases.Create(dialect);
        new DbProbe(storage).Execute("CREATE TABLE runs (id INT)");
        var empty = databases.Create(dialect);

        f.Migrator(storage).Upgrade().ThrowIfFailed();
        f.Migrator(empty).Upgrade().ThrowIfFailed();

        Assert.Contains("runs.note", new DbProbe(storage).Schema());
        Assert.False(new DbProbe(storage).TableExists("fresh"));
        Assert.True(new DbProbe(empty).TableExists("fresh"));
        Assert.False(new DbProbe(empty).TableExists("runs"));
        f.Migrator(empty).Downgrade("001").ThrowIfFailed();
        Assert.False(new DbProbe(empty).TableExists("fresh"));
        f.Migrator(storage).Downgrade("001").ThrowIfFailed(); // no fresh there: the guarded drop is skipped, not failed

        var script = f.Project().ForDatabase(databases.Create(dialect)).RenderUpgrade("heads");
        if (dialect == TestDialect.PostgreSql)
        {
            Assert.Contains("\\if :psmigrate_guard", script);
            var offline = databases.Create(dialect);
            var path = System.IO.Path.Combine(f.Path, "upgrade.sql");
            File.WriteAllText(path, script);
            databases.RunScript(offline, path);
            Assert.True(new DbProbe(offline).TableExists("fresh"));
            Assert.Equal(["002"], new DbProbe(offline).Versions());
        }
        else
        {
            Assert.Contains("-- Guarded 'if-table-exists runs': this client cannot test it; the script assumes runs exists, so the section runs", script);
            Assert.Contains("the script assumes runs exists, so the section is left out (commented)", script);
            Assert.Contains("\n-- CREATE TABLE fresh (id INT);\n", script);
        }

        f.Raw("003_bad.sql", "-- Revision: 003\n-- Revises: 002\n\n-- +upgrade if-table-exists\nSELECT 1;\n");
        var bad = Assert.Throws<MigrationException>(() => f.Project());
        Assert.Contains("003_bad.sql:4: 'if-table-exists' needs the table it asks about", bad.Message);
    }

    [SkippableTheory, MemberData(nameof(Dialects))]
    public void Upgrade_downgrade_to_base_and_upgrade_again_through_branches_and_a_merge(TestDialect dialect)
    {
        using var f = Branchy(new FolderBuilder());
        var db = databases.Create(dialect);
        var probe = new DbProbe(db);

        var first = f.Migrator(db).Upgrade("heads").ThrowIfFailed();
        Assert.Equal(["a", "b", "c", "d", "m", "x", "e"], first.Select(r => r.Revision));
        var versions = probe.Versions();
        var schema = probe.Schema();
        Assert.Equal(["e", "m"], versions);

        var down = f.Migrator(db).Downgrade("base").ThrowIfFailed();
        Assert.Equal(["e", "x", "m", "d", "c", "b", "a"], down.Select(r => r.Revision));
        Assert.Empty(probe.Versions());
        Assert.Empty(probe.Schema());

        f.Migrator(db).Upgrade("heads").ThrowIfFailed();
        Assert.Equal(versions, probe.Versions());
        Assert.Equal(schema, probe.Schema());
    }

    [SkippableTheory, MemberData(nameof(Dialects))]
    public void Partial_upgrades_and_downgrades_move_the_version_table_as_the_graph_says(TestDialect dialect)
    {
        using var f = Branchy(new FolderBuilder());
        var db = databases.Create(dialect);
        var probe = new DbProbe(db);

        f.Migrator(db).Upgrade("left").ThrowIfFailed();
        Assert.Equal(["c"], probe.Versions());
        f.Migrator(db).Upgrade("right@head").ThrowIfFailed();
        Assert.Equal(["m"], probe.Versions());
        f.Migrator(db).Downgrade("-1").ThrowIfFailed();
        Assert.Equal(["c", "d"], probe.Versions());
        f.Migrator(db).Upgrade("e").ThrowIfFailed();
        Assert.Equal(["d", "e"], probe.Versions());
        // Undoing c must undo e, which depends on it.
        var undone = f.Migrator(db).Downgrade("b").ThrowIfFailed();
        Assert.Equal(["e", "d", "c"], undone.Select(r => r.Revision));
        Assert.Equal(["b", "x"], probe.Versions());
    }

    [SkippableTheory, MemberData(nameof(Dialects))]
    public void Two_concurrent_upgrades_apply_every_revision_once(TestDialect dialect)
    {
        using var f = new FolderBuilder();
        for (var i = 1; i <= 20; i++)
            f.Add($"{i:000}", i == 1 ? "" : $"{i - 1:000}", up: $"CREATE TABLE c{i} (id INT);", down: $"DROP TABLE c{i};");
        var db = databases.Create(dialect);

        var runs = Enumerable.Range(0, 2).Select(_ => Task.Run(() => f.Migrator(db).Upgrade("head").ThrowIfFailed())).ToArray();
        Task.WaitAll(runs);

        Assert.Equal(20, runs.Sum(r => r.Result.Count));
        var journal = new DbProbe(db).Journal("revision");
        Assert.Equal(20, journal.Length);
        Assert.Equal(20, journal.Distinct().Count());
        Assert.Equal(["020"], new DbProbe(db).Versions());
    }

    [SkippableTheory, MemberData(nameof(Dialects))]
    public void Per_run_mode_rolls_the_whole_run_back_where_the_dialect_allows(TestDialect dialect)
    {
        using var f = Linear(new FolderBuilder());
        f.Config("{ \"transactionMode\": \"per-run\" }");
        f.Add("004", "003", up: "INSERT INTO missing VALUES (1);", down: "");
        var db = databases.Create(dialect);
        var streamed = new List<MigrationStepResult>();

        Assert.Throws<MigrationException>(() => f.Migrator(db).Upgrade("head", new RunObserver(StepCompleted: streamed.Add)).ThrowIfFailed());

        var probe = new DbProbe(db);
        if (dialect == TestDialect.MySql)
        {
            Assert.Equal(["003"], probe.Versions()); // no transactional DDL: per-run runs per revision
            return;
        }
        Assert.Equal([StepStatus.RolledBack, StepStatus.RolledBack, StepStatus.RolledBack, StepStatus.Failed], streamed.Select(s => s.Status));
        Assert.Empty(probe.Versions());
        Assert.Empty(probe.Schema());
        Assert.Equal(["004|upgrade|failed"], probe.Journal());

        f.Config("{ \"transactionMode\": \"per-run\" }");
        File.Delete(Path.Combine(f.Versions, "004_rev.sql"));
        Assert.Equal(3, f.Migrator(db).Upgrade("head").ThrowIfFailed().Count);
        Assert.Equal(["003"], probe.Versions());
    }

    [SkippableTheory, MemberData(nameof(Dialects))]
    public void Work_committed_outside_the_transaction_makes_a_failed_step_dirty_until_stamped(TestDialect dialect)
    {
        using var f = new FolderBuilder();
        f.Add("001", up: "CREATE TABLE t1 (id INT);", down: "DROP TABLE t1;")
         .Raw("002_rev.sql", "-- Revision: 002\n-- Revises: 001\n-- Transaction: none\n-- +upgrade\nCREATE TABLE t2 (id INT);\nCREATE TABLE t1 (id INT);\n-- +downgrade\nDROP TABLE t2;\n");
        var db = databases.Create(dialect);

        Assert.Throws<MigrationException>(() => f.Migrator(db).Upgrade("head").ThrowIfFailed());

        var probe = new DbProbe(db);
        Assert.Equal(["001"], probe.Versions());
        Assert.Contains("t2.id", probe.Schema());
        var status = f.Migrator(db).Status();
        Assert.True(status.IsDirty);
        Assert.False(status.IsUpToDate);
        var refused = Assert.Throws<MigrationException>(() => f.Migrator(db).Upgrade("head").ThrowIfFailed());
        Assert.Equal(ErrorIds.DirtyDatabase, refused.ErrorId);
        Assert.Contains("Set-MigrationStamp", refused.Message);
        Assert.Equal(ErrorIds.DirtyDatabase, Assert.Throws<MigrationException>(() => f.Migrator(db).Downgrade("base").ThrowIfFailed()).ErrorId);

        // The admin finishes the revision by hand and records it.
        var stamped = f.Migrator(db).Stamp(["002"]);
        Assert.False(stamped.IsDirty);
        Assert.Equal(["002"], stamped.Current);
        Assert.Equal("002|stamp|applied", probe.Journal()[^1]);
    }

    [SkippableTheory, MemberData(nameof(Dialects))]
    public void Autocommit_sections_commit_what_ran_before_them(TestDialect dialect)
    {
        using var f = new FolderBuilder();
        f.Raw("001_rev.sql", "-- Revision: 001\n-- +upgrade\nCREATE TABLE t1 (id INT);\n-- +upgrade autocommit\nCREATE TABLE t2 (id INT);\n-- +upgrade\nCREATE TABLE t3 (id INT);\n-- +downgrade\nDROP TABLE t3;\nDROP TABLE t2;\nDROP TABLE t1;\n");
        var db = databases.Create(dialect);

        var result = Assert.Single(f.Migrator(db).Upgrade("head").ThrowIfFailed());
        Assert.Equal(3, result.StatementCount);
        var probe = new DbProbe(db);
        Assert.Equal(["t1.id", "t2.id", "t3.id"], probe.Schema());
        Assert.Equal(["001|upgrade|applied"], probe.Journal());
        Assert.False(f.Migrator(db).Status().IsDirty);
    }

    [SkippableTheory, MemberData(nameof(Dialects))]
    public void A_revision_journaled_running_gets_its_row_with_the_last_commit_of_the_revision_before_it_or_not_at_all(TestDialect dialect)
    {
        // Every revision here is journaled 'running' before its statements (Transaction: none). 002 looks at the
        // journal from inside, then takes the version row away, so its own version-table change hits nothing and its
        // last writes fail: 003's running row, written with them, must not outlive them (rolled back with their
        // transaction, or on MySQL, where the journal's two rows commit after the version row, taken back).
        using var f = new FolderBuilder();
        f.Raw("001_rev.sql", "-- Revision: 001\n-- Transaction: none\n-- +upgrade\nCREATE TABLE t1 (id INT);\n-- +downgrade\nDROP TABLE t1;\n")
         .Raw("002_rev.sql", "-- Revision: 002\n-- Revises: 001\n-- Transaction: none\n-- +upgrade\n" +
                             "CREATE TABLE seen AS SELECT revision, status FROM psmigrate_journal;\nDELETE FROM psmigrate_version;\n-- +downgrade\n")
         .Raw("003_rev.sql", "-- Revision: 003\n-- Revises: 002\n-- Transaction: none\n-- +upgrade\nCREATE TABLE t3 (id INT);\n-- +downgrade\n");
        var db = databases.Create(dialect);

        var e = Assert.Throws<MigrationException>(() => f.Migrator(db).Upgrade("head").ThrowIfFailed());
        Assert.Equal(ErrorIds.VersionRowMismatch, e.ErrorId);
        Assert.Equal("002", e.Revision);
        var probe = new DbProbe(db);
        Assert.Equal(["001|applied", "002|running"], probe.Rows("seen", "revision, status", "revision"));
        Assert.Equal(["001|upgrade|applied", "002|upgrade|failed"], probe.Journal());
        Assert.False(probe.TableExists("t3"));
        Assert.True(f.Migrator(db).Status().IsDirty);

        f.Migrator(db).Stamp(["002"]);
        Assert.Equal(["003"], f.Migrator(db).Upgrade("head").ThrowIfFailed().Select(s => s.Revision));
        Assert.Equal("003|upgrade|applied", probe.Journal()[^1]);
    }

    [SkippableTheory, MemberData(nameof(Dialects))]
    public void Dialect_sections_run_only_on_their_dialect(TestDialect dialect)
    {
        using var f = new FolderBuilder();
        f.Raw("001_rev.sql", "-- Revision: 001\n-- +upgrade sqlite\nCREATE TABLE only_sqlite (id INT);\n-- +upgrade postgresql\nCREATE TABLE only_pg (id INT);\n-- +upgrade mysql\nCREATE TABLE only_my (id INT);\n-- +upgrade\nCREATE TABLE everywhere (id INT);\n-- +downgrade\n");
        var db = databases.Create(dialect);
        f.Migrator(db).Upgrade("head").ThrowIfFailed();
        var expected = dialect switch { TestDialect.Sqlite => "only_sqlite", TestDialect.PostgreSql => "only_pg", _ => "only_my" };
        Assert.Equal(["everywhere.id", $"{expected}.id"], new DbProbe(db).Schema());
    }

    [SkippableTheory, MemberData(nameof(Dialects))]
    public void Stamp_sets_the_version_table_without_running_sql(TestDialect dialect)
    {
        using var f = Branchy(new FolderBuilder());
        var db = databases.Create(dialect);
        var probe = new DbProbe(db);

        var status = f.Migrator(db).Stamp(["c", "d"]);
        Assert.Equal(["c", "d"], status.Current);
        Assert.Equal(["c", "d"], probe.Versions());
        Assert.Empty(probe.Schema());
        Assert.Equal(["c|stamp|applied", "d|stamp|applied"], probe.Journal());

        f.Migrator(db).Stamp(["base"]);
        Assert.Empty(probe.Versions());
        Assert.Equal("base|stamp|applied", probe.Journal()[^1]);
        Assert.All(probe.Journal("applied_by, host, tool_version"), row => Assert.DoesNotMatch(@"^\||\|\||\|$", row));
    }

    [SkippableTheory, MemberData(nameof(Dialects))]
    public void A_version_table_naming_an_unknown_revision_is_an_error_until_purged(TestDialect dialect)
    {
        using var f = Linear(new FolderBuilder());
        var db = databases.Create(dialect);
        f.Migrator(db).Stamp(["002"]);
        new DbProbe(db).Execute("UPDATE psmigrate_version SET version_num = 'zzz'");

        var e = Assert.Throws<MigrationException>(() => f.Migrator(db).Upgrade("head").ThrowIfFailed());
        Assert.Equal(ErrorIds.UnknownAppliedRevision, e.ErrorId);
        Assert.Contains("zzz", e.Message);
        Assert.Equal(ErrorIds.UnknownAppliedRevision, Assert.Throws<MigrationException>(() => f.Migrator(db).Status()).ErrorId);
        Assert.Equal(ErrorIds.UnknownAppliedRevision, Assert.Throws<MigrationException>(() => f.Migrator(db).Stamp(["001"])).ErrorId);

        var fixedStatus = f.Migrator(db).Stamp(["001"], purge: true);
        Assert.Equal(["001"], fixedStatus.Current);
        Assert.Equal(["002", "003"], fixedStatus.Pending);
    }

    [SkippableTheory, MemberData(nameof(Dialects))]
    public void Status_reports_current_heads_pending_and_edited_revisions(TestDialect dialect)
    {
        using var f = Linear(new FolderBuilder());
        var db = databases.Create(dialect);
        var fresh = f.Migrator(db).Status();
        Assert.Empty(fresh.Current);
        if (dialect != TestDialect.Sqlite) Assert.Matches(@"^\d+\.\d+", fresh.ServerVersion); // no file yet for SQLite
        Assert.Equal(["003"], fresh.Heads);
        Assert.Equal(["001", "002", "003"], fresh.Pending);
        Assert.False(new DbProbe(db).TableExists("psmigrate_version")); // reading never writes

        f.Migrator(db).Upgrade("002").ThrowIfFailed();
        File.AppendAllText(Path.Combine(f.Versions, "001_rev.sql"), "\n-- edited after it was applied\n");
        var status = f.Migrator(db).Status();
        Assert.Equal(["002"], status.Current);
        Assert.Equal(["003"], status.Pending);
        Assert.Equal(["001"], status.Modified);
        Assert.Matches(@"^\d+\.\d+", status.ServerVersion);
        Assert.False(status.IsUpToDate);
        Assert.DoesNotContain(dialect == TestDialect.PostgreSql ? PostgresServer.Password : MariaDbServer.Password, status.Database);
    }

    [SkippableTheory, MemberData(nameof(Dialects))]
    public void Downgrade_through_an_irreversible_revision_runs_nothing(TestDialect dialect)
    {
        using var f = Linear(new FolderBuilder());
        f.Add("004", "003", up: "CREATE TABLE t4 (id INT);", down: null);
        var db = databases.Create(dialect);
        f.Migrator(db).Upgrade("head").ThrowIfFailed();

        var e = Assert.Throws<MigrationException>(() => f.Migrator(db).Downgrade("base").ThrowIfFailed());
        Assert.Equal(ErrorIds.Irreversible, e.ErrorId);
        Assert.Equal(["004"], new DbProbe(db).Versions());
        Assert.Equal(["t1.id", "t2.id", "t3.id", "t4.id"], new DbProbe(db).Schema());
    }

    [SkippableTheory, MemberData(nameof(Dialects))]
    public void Cancelling_stops_between_statements_and_keeps_what_was_committed(TestDialect dialect)
    {
        using var f = Linear(new FolderBuilder());
        var db = databases.Create(dialect);
        using var cancel = new CancellationTokenSource();
        var observer = new RunObserver(Progress: p => { if (p.StepNumber == 3) cancel.Cancel(); });

        var e = Assert.Throws<MigrationException>(() => f.Migrator(db).Upgrade("head", observer, cancel.Token).ThrowIfFailed());

        Assert.Equal(ErrorIds.Cancelled, e.ErrorId);
        Assert.Equal(["002"], new DbProbe(db).Versions());
        Assert.False(f.Migrator(db).Status().IsDirty);
    }

    [SkippableTheory, MemberData(nameof(Dialects))]
    public void Bad_sql_anywhere_in_the_plan_stops_the_run_before_the_first_step(TestDialect dialect)
    {
        using var f = Linear(new FolderBuilder());
        f.Add("004", "003", up: "INSERT INTO t1 VALUES ('never closed);", down: "");
        var db = databases.Create(dialect);

        var e = Assert.Throws<MigrationException>(() => f.Migrator(db).Upgrade("head").ThrowIfFailed());

        Assert.Equal(ErrorIds.UnterminatedSql, e.ErrorId);
        Assert.Contains("004_rev.sql:7", e.Message);
        // Nothing was written at all: the plan is compiled before PSMigrate creates even its own tables.
        Assert.False(new DbProbe(db).TableExists("psmigrate_version"));
        Assert.False(new DbProbe(db).TableExists("psmigrate_journal"));
    }

    [SkippableTheory, MemberData(nameof(ServerDialects))]
    public void No_password_reaches_errors_or_the_journal(TestDialect dialect)
    {
        using var f = new FolderBuilder();
        var db = databases.Create(dialect);
        var password = dialect == TestDialect.PostgreSql ? PostgresServer.Password : MariaDbServer.Password;
        f.Add("001", up: $"SELECT * FROM \"{password}\";", down: "");

        var e = Assert.Throws<MigrationException>(() => f.Migrator(db).Upgrade("head").ThrowIfFailed());
        Assert.DoesNotContain(password, e.Message);
        Assert.Contains("***", e.Message);
        Assert.All(new DbProbe(db).Journal("error"), row => Assert.DoesNotContain(password, row));

        var wrong = db.Replace(password, "not-the-password");
        var refused = Assert.Throws<MigrationException>(() => f.Migrator(wrong).Upgrade("head").ThrowIfFailed());
        Assert.Equal(ErrorIds.ConnectionFailed, refused.ErrorId);
        Assert.DoesNotContain("not-the-password", refused.Message);
    }

    [SkippableFact]
    public void Postgres_keeps_its_tables_in_a_schema_of_their_own()
    {
        using var f = Linear(new FolderBuilder());
        f.Config("{ \"versionTable\": \"migrations.version\", \"journalTable\": \"migrations.journal\" }");
        var db = databases.Create(TestDialect.PostgreSql);

        f.Migrator(db).Upgrade("head").ThrowIfFailed();

        var probe = new DbProbe(db);
        Assert.Equal(["migrations.journal", "migrations.version"],
            probe.Strings("SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_schema = 'migrations' ORDER BY 1"));
        Assert.False(probe.TableExists("psmigrate_version"));
        Assert.Equal(["003"], probe.Versions("migrations.version"));
        Assert.Equal(["003"], f.Migrator(db).Status().Current);
        Assert.Contains("CREATE SCHEMA IF NOT EXISTS \"migrations\"", f.Migrator(db).RenderUpgrade("heads"));
    }

    [SkippableTheory]
    [InlineData("per-revision")]
    [InlineData("per-run")]
    public void A_commit_that_fails_is_a_failed_step_and_leaves_nothing_behind(string mode)
    {
        using var f = Linear(new FolderBuilder());
        f.Config($"{{ \"transactionMode\": \"{mode}\" }}");
        // A deferred foreign key is checked at COMMIT, so every statement succeeds and the commit fails.
        f.Add("004", "003", up: "CREATE TABLE p (id INT PRIMARY KEY);\nCREATE TABLE c (pid INT REFERENCES p (id) DEFERRABLE INITIALLY DEFERRED);\nINSERT INTO c VALUES (1);",
            down: "DROP TABLE c;\nDROP TABLE p;");
        var db = databases.Create(TestDialect.PostgreSql);
        var streamed = new List<MigrationStepResult>();

        var e = Assert.Throws<MigrationException>(() => f.Migrator(db).Upgrade("head", new RunObserver(StepCompleted: streamed.Add)).ThrowIfFailed());

        Assert.Equal(ErrorIds.StatementFailed, e.ErrorId);
        Assert.Equal("004", e.Revision);
        Assert.Contains("foreign key", e.Message);
        Assert.Equal(("004", StepStatus.Failed), (streamed[^1].Revision, streamed[^1].Status));
        var probe = new DbProbe(db);
        Assert.Equal("004|upgrade|failed", probe.Journal()[^1]);
        Assert.False(f.Migrator(db).Status().IsDirty);
        if (mode == "per-run")
        {
            Assert.Equal([StepStatus.RolledBack, StepStatus.RolledBack, StepStatus.RolledBack, StepStatus.Failed], streamed.Select(r => r.Status));
            Assert.Empty(probe.Versions());
            Assert.Empty(probe.Schema());
        }
        else
        {
            Assert.Equal(["003"], probe.Versions());
            Assert.Equal(["t1.id", "t2.id", "t3.id"], probe.Schema());
        }
    }

    [Fact]
    public void A_held_lock_makes_a_run_wait_then_fail_with_lock_timeout_and_change_nothing()
    {
        using var f = Linear(new FolderBuilder());
        var db = databases.Create(TestDialect.Sqlite);
        var lockFile = db["sqlite:".Length..] + ".psmigrate-lock";

        using (new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var e = Assert.Throws<MigrationException>(() => f.Migrator(db, TimeSpan.FromSeconds(1)).Upgrade("head").ThrowIfFailed());
            Assert.Equal(ErrorIds.LockTimeout, e.ErrorId);
            Assert.Contains("another PSMigrate run holds the migration lock", e.Message);
            Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(30));
            Assert.False(new DbProbe(db).TableExists("psmigrate_version"));
        }

        Assert.Equal(3, f.Migrator(db, TimeSpan.FromSeconds(1)).Upgrade("head").ThrowIfFailed().Count);
    }

    [SkippableTheory, MemberData(nameof(Dialects))]
    public void A_version_row_update_that_hits_no_row_fails_its_step(TestDialect dialect)
    {
        using var f = Linear(new FolderBuilder());
        // The revision's own SQL empties the version table, so moving 003's row to 004 finds nothing to move.
        f.Add("004", "003", up: "DELETE FROM psmigrate_version;", down: "");
        var db = databases.Create(dialect);
        f.Migrator(db).Upgrade("003").ThrowIfFailed();

        var run = f.Migrator(db).Upgrade("head");

        Assert.Equal(ErrorIds.VersionRowMismatch, run.Failure?.ErrorId);
        Assert.Contains("affected 0 row(s), expected 1", run.Failure!.Message);
        Assert.Equal(("004", StepStatus.Failed), (run.Steps[^1].Revision, run.Steps[^1].Status));
        var probe = new DbProbe(db);
        Assert.Equal("004|upgrade|failed", probe.Journal()[^1]);
        if (dialect == TestDialect.MySql)
        {
            // The DELETE committed by itself: the version table is empty and the database says it is dirty.
            Assert.Empty(probe.Versions());
            Assert.True(f.Migrator(db).Status().IsDirty);
        }
        else
        {
            Assert.Equal(["003"], probe.Versions());
            Assert.False(f.Migrator(db).Status().IsDirty);
        }
    }

    [SkippableTheory, MemberData(nameof(Dialects))]
    public void A_version_row_update_that_hits_two_rows_fails_its_step(TestDialect dialect)
    {
        using var f = Linear(new FolderBuilder());
        var db = databases.Create(dialect);
        var probe = new DbProbe(db);
        // A version table without its primary key, holding one revision twice: moving that row would move two.
        probe.Execute("CREATE TABLE psmigrate_version (version_num VARCHAR(64) NOT NULL)");
        probe.Execute("INSERT INTO psmigrate_version (version_num) VALUES ('001')");
        probe.Execute("INSERT INTO psmigrate_version (version_num) VALUES ('001')");

        var run = f.Migrator(db).Upgrade("002");

        Assert.Equal(ErrorIds.VersionRowMismatch, run.Failure?.ErrorId);
        Assert.Contains("affected 2 row(s), expected 1", run.Failure!.Message);
        Assert.Equal(["002"], run.Steps.Select(s => s.Revision));
        Assert.Equal(StepStatus.Failed, run.Steps[0].Status);
        Assert.Equal(["001", "001"], probe.Versions());
    }

    [Fact]
    public void A_failed_commit_is_journaled_with_the_steps_own_start_and_duration()
    {
        using var f = Linear(new FolderBuilder());
        f.Add("004", "003", up: "SELECT pg_sleep(0.3);\nCREATE TABLE p (id INT PRIMARY KEY);\nCREATE TABLE c (pid INT REFERENCES p (id) DEFERRABLE INITIALLY DEFERRED);\nINSERT INTO c VALUES (1);",
            down: "DROP TABLE c;\nDROP TABLE p;");
        var db = databases.Create(TestDialect.PostgreSql);

        var run = f.Migrator(db).Upgrade("head");

        Assert.Equal(ErrorIds.StatementFailed, run.Failure?.ErrorId);
        Assert.True(run.Steps[^1].Duration >= TimeSpan.FromMilliseconds(300), $"step took {run.Steps[^1].Duration}");
        var probe = new DbProbe(db);
        Assert.True(long.Parse(probe.Journal("duration_ms")[^1]) >= 300, probe.Journal("duration_ms")[^1]);
        Assert.Equal(1, probe.Scalar("SELECT COUNT(*) FROM psmigrate_journal WHERE revision = '004' AND finished_at - started_at >= interval '300 milliseconds'"));
    }

    /// <summary>A statement that runs for tens of seconds unless stopped.</summary>
    private static string LongStatement(TestDialect dialect) => dialect switch
    {
        TestDialect.Sqlite => "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 2000000000) SELECT COUNT(*) FROM n;",
        TestDialect.PostgreSql => "SELECT pg_sleep(60);",
        _ => "SELECT SLEEP(60);",
    };

    [SkippableTheory, MemberData(nameof(Dialects))]
    public void Cancelling_stops_the_running_statement_on_the_server_and_applies_nothing_of_its_revision(TestDialect dialect)
    {
        using var f = new FolderBuilder();
        f.Add("001", up: "CREATE TABLE t1 (id INT);", down: "DROP TABLE t1;")
         .Add("002", "001", up: "INSERT INTO t1 (id) VALUES (2);\n" + LongStatement(dialect) + "\nINSERT INTO t1 (id) VALUES (3);", down: "");
        var db = databases.Create(dialect);
        using var cancel = new CancellationTokenSource();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var observer = new RunObserver(Progress: p => { if (p.Revision == "002") cancel.CancelAfter(TimeSpan.FromSeconds(1)); });

        var run = f.Migrator(db).Upgrade("head", observer, cancel.Token);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"the run took {clock.Elapsed}: the statement was not stopped");
        Assert.Equal(ErrorIds.Cancelled, run.Failure?.ErrorId);
        Assert.Equal(("002", StepStatus.Failed), (run.Steps[^1].Revision, run.Steps[^1].Status));
        var probe = new DbProbe(db);
        Assert.Equal(["001"], probe.Versions());
        Assert.Equal(0, probe.Scalar("SELECT COUNT(*) FROM t1 WHERE id = 3"));
        if (dialect != TestDialect.MySql) Assert.Equal(0, probe.Scalar("SELECT COUNT(*) FROM t1")); // rolled back with its revision
    }
}
