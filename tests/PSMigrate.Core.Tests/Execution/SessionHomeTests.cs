using PSMigrate.Tests.Support;

namespace PSMigrate.Tests.Execution;

/// <summary>
/// Revisions that move the session (SET search_path, pg_dump's set_config, USE) upgrade, downgrade
/// and render offline with PSMigrate's own tables where the run began, and the next revision starts there.
/// </summary>
[Collection(DatabaseCollection.Name)]
public class SessionHomeTests(TestDatabases databases)
{
    private static FolderBuilder PostgresFolder() => new FolderBuilder()
        .Add("001", up: "CREATE SCHEMA app;\nSET search_path TO app;\nCREATE TABLE app_things (id INT);", down: "DROP SCHEMA app CASCADE;")
        // As line 13 of a pg_dump schema does it.
        .Add("002", "001", up: "SELECT pg_catalog.set_config('search_path', '', false);\nCREATE TABLE public.dumped (id INT);", down: "DROP TABLE public.dumped;")
        .Add("003", "002", up: "CREATE TABLE plain (id INT);", down: "DROP TABLE plain;");

    [SkippableFact]
    public void PostgreSQL_revisions_that_set_the_search_path_keep_the_bookkeeping_and_the_next_revision_at_home()
    {
        using var f = PostgresFolder();
        var db = databases.Create(TestDialect.PostgreSql);

        var up = f.Migrator(db).Upgrade();

        Assert.True(up.Succeeded, up.Failure?.Message);
        var probe = new DbProbe(db);
        Assert.Equal(["003"], probe.Versions());
        Assert.True(probe.TableExists("plain"), "003 ran in public, where the run began");
        Assert.Equal(1, probe.Scalar("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'app' AND table_name = 'app_things'"));
        Assert.Equal(["001|upgrade|applied", "002|upgrade|applied", "003|upgrade|applied"], probe.Journal());

        var down = f.Migrator(db).Downgrade("base");
        Assert.True(down.Succeeded, down.Failure?.Message);
        Assert.Empty(probe.Versions());
        Assert.False(f.Migrator(db).Status().IsDirty);
    }

    [SkippableFact]
    public void A_PostgreSQL_offline_script_for_such_revisions_keeps_the_bookkeeping_at_home_in_psql()
    {
        using var f = PostgresFolder();
        var db = databases.Create(TestDialect.PostgreSql);
        var script = Path.Combine(f.Path, "up.sql");
        File.WriteAllText(script, f.Migrator(db).RenderUpgrade("heads"));

        databases.RunScript(db, script);

        var probe = new DbProbe(db);
        Assert.Equal(["003"], probe.Versions());
        Assert.True(probe.TableExists("plain"));
        // A script whose revisions stay home needs no psql variables at all.
        using var plain = new FolderBuilder().Add("001", up: "CREATE TABLE t (id INT);", down: "DROP TABLE t;");
        Assert.DoesNotContain("psmigrate_schema", plain.Project().ForDialect("postgresql").RenderUpgrade("heads"));
    }

    [SkippableFact]
    public void A_MySQL_revision_that_uses_another_database_leaves_no_dirty_journal_and_the_next_revision_runs_at_home()
    {
        var db = databases.Create(TestDialect.MySql);
        var otherName = db[(db.LastIndexOf('/') + 1)..] + "_other";
        var home = new DbProbe(db);
        home.Execute($"CREATE DATABASE {otherName}");
        using var f = new FolderBuilder()
            .Add("001", up: $"CREATE TABLE here1 (id INT);\nUSE {otherName};\nCREATE TABLE there (id INT);", down: $"DROP TABLE {otherName}.there;\nDROP TABLE here1;")
            .Add("002", "001", up: "CREATE TABLE here2 (id INT);", down: "DROP TABLE here2;");

        var up = f.Migrator(db).Upgrade();

        Assert.True(up.Succeeded, up.Failure?.Message);
        Assert.Equal(["002"], home.Versions());
        Assert.True(home.TableExists("here2"), "002 ran in the database the run began in");
        Assert.Equal(1, home.Scalar($"SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '{otherName}' AND table_name = 'there'"));
        Assert.False(f.Migrator(db).Status().IsDirty);
        Assert.True(f.Migrator(db).Downgrade("base").Succeeded);
        Assert.Empty(home.Versions());

        // Offline, for this database: the script returns to it after 001.
        var fresh = databases.Create(TestDialect.MySql);
        new DbProbe(fresh).Execute($"DROP DATABASE {otherName}");
        new DbProbe(fresh).Execute($"CREATE DATABASE {otherName}");
        var script = Path.Combine(f.Path, "up.sql");
        File.WriteAllText(script, f.Migrator(fresh).RenderUpgrade("heads"));
        databases.RunScript(fresh, script);
        Assert.Equal(["002"], new DbProbe(fresh).Versions());
        Assert.True(new DbProbe(fresh).TableExists("here2"));
    }
}
