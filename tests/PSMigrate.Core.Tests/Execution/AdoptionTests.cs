using PSMigrate.Tests.Support;

namespace PSMigrate.Tests.Execution;

/// <summary>
/// Taking a database over from the tool that migrated it: its history table, written as that tool
/// writes it, is read and the matching revisions stamped; the old table is left as it was, and a
/// dirty or failed history, or a version the folder lacks, is refused before anything is written.
/// </summary>
[Collection(DatabaseCollection.Name)]
public class AdoptionTests(TestDatabases databases) : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    public static IEnumerable<object[]> Dialects => TestDatabases.Dialects;

    private string FlywayFolder()
    {
        var folder = _temp.File("flyway-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "V1__Create_person_table.sql"), "CREATE TABLE person (id INT NOT NULL, name VARCHAR(100) NOT NULL);");
        File.WriteAllText(Path.Combine(folder, "V1_1__Add_email.sql"), "ALTER TABLE person ADD COLUMN email VARCHAR(100);");
        File.WriteAllText(Path.Combine(folder, "V2__Add_people.sql"), "INSERT INTO person (id, name) VALUES (1, 'Axel');");
        File.WriteAllText(Path.Combine(folder, "V10__Add_city.sql"), "ALTER TABLE person ADD COLUMN city VARCHAR(50);");
        return folder;
    }

    /// <summary>Flyway's history table, as Flyway creates and fills it (its DDL differs a little per database; these columns are what it reads).</summary>
    private static void FlywayHistory(string db, TestDialect dialect, params (string? Version, string Type, bool Success)[] rows)
    {
        var probe = new DbProbe(db);
        var flag = dialect == TestDialect.PostgreSql ? "BOOLEAN" : "TINYINT";
        probe.Execute("CREATE TABLE flyway_schema_history (installed_rank INT NOT NULL PRIMARY KEY, version VARCHAR(50), description VARCHAR(200) NOT NULL, " +
                      "type VARCHAR(20) NOT NULL, script VARCHAR(1000) NOT NULL, checksum INT, installed_by VARCHAR(100) NOT NULL, " +
                      $"installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, execution_time INT NOT NULL, success {flag} NOT NULL)");
        for (var i = 0; i < rows.Length; i++)
        {
            var (version, type, success) = rows[i];
            var value = dialect == TestDialect.PostgreSql ? (success ? "TRUE" : "FALSE") : (success ? "1" : "0");
            probe.Execute($"INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success) " +
                          $"VALUES ({i + 1}, {(version is null ? "NULL" : $"'{version}'")}, 'step', '{type}', 'V{version}__step.sql', 1, 'deploy', 5, {value})");
        }
    }

    [SkippableTheory, MemberData(nameof(Dialects))]
    public void A_flyway_database_is_taken_over_where_flyway_left_it_and_its_table_left_alone(TestDialect dialect)
    {
        var folder = FlywayFolder();
        var db = databases.Create(dialect);
        var probe = new DbProbe(db);
        probe.Execute("CREATE TABLE person (id INT NOT NULL, name VARCHAR(100) NOT NULL, email VARCHAR(100))");
        probe.Execute("INSERT INTO person (id, name) VALUES (1, 'Axel')");
        FlywayHistory(db, dialect, ("1", "SQL", true), ("1.1", "SQL", true), ("2", "SQL", true));
        var project = MigrationProject.Load(folder);

        var status = project.ForDatabase(db).Adopt("flyway");

        Assert.Equal(["2"], status.Current);
        Assert.Equal(["10"], status.Pending);
        Assert.Equal(3, probe.Scalar("SELECT COUNT(*) FROM flyway_schema_history"));
        var run = project.ForDatabase(db).Upgrade();
        Assert.Equal(["10"], run.ThrowIfFailed().Select(s => s.Revision));
        Assert.Equal(1, probe.Scalar("SELECT COUNT(*) FROM person"));
    }

    [SkippableFact]
    public void A_failed_flyway_history_or_a_version_the_folder_lacks_is_refused_and_nothing_is_written()
    {
        var failed = databases.Create(TestDialect.Sqlite);
        FlywayHistory(failed, TestDialect.Sqlite, ("1", "SQL", true), ("1.1", "SQL", false));
        var project = MigrationProject.Load(FlywayFolder());
        var e = Assert.Throws<MigrationException>(() => project.ForDatabase(failed).Adopt("flyway"));
        Assert.Equal(ErrorIds.DirtyDatabase, e.ErrorId);
        Assert.Contains("version 1.1 as failed", e.Message);
        Assert.False(new DbProbe(failed).TableExists("psmigrate_version"));

        var unknown = databases.Create(TestDialect.Sqlite);
        FlywayHistory(unknown, TestDialect.Sqlite, ("1", "SQL", true), ("3", "SQL", true));
        var missing = Assert.Throws<MigrationException>(() => project.ForDatabase(unknown).Adopt("flyway"));
        Assert.Equal(ErrorIds.UnknownAppliedRevision, missing.ErrorId);
        Assert.Contains("version 3", missing.Message);
        Assert.False(new DbProbe(unknown).TableExists("psmigrate_version"));
    }

    [Fact]
    public void Golang_migrate_goose_dbmate_and_alembic_histories_are_read_as_each_tool_keeps_them()
    {
        string Folder(params (string Name, string Text)[] files)
        {
            var folder = _temp.File(Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(folder);
            foreach (var (name, text) in files) File.WriteAllText(Path.Combine(folder, name), text);
            return folder;
        }

        var golang = Folder(("000001_a.up.sql", "CREATE TABLE a (id INT);"), ("000001_a.down.sql", "DROP TABLE a;"),
            ("000002_b.up.sql", "CREATE TABLE b (id INT);"), ("000002_b.down.sql", "DROP TABLE b;"));
        var db = databases.Create(TestDialect.Sqlite);
        new DbProbe(db).Execute("CREATE TABLE schema_migrations (version bigint not null primary key, dirty boolean not null)");
        new DbProbe(db).Execute("INSERT INTO schema_migrations VALUES (1, 0)");
        Assert.Equal(["000001"], MigrationProject.Load(golang).ForDatabase(db).Adopt("golang-migrate").Current);
        new DbProbe(db).Execute("UPDATE schema_migrations SET version = 2, dirty = 1");
        Assert.Equal(ErrorIds.DirtyDatabase, Assert.Throws<MigrationException>(() => MigrationProject.Load(golang).ForDatabase(db).Adopt("golang-migrate")).ErrorId);

        var goose = Folder(("20170506082420_a.sql", "-- +goose Up\nCREATE TABLE a (id INT);\n-- +goose Down\nDROP TABLE a;\n"),
            ("20170506082421_b.sql", "-- +goose Up\nCREATE TABLE b (id INT);\n-- +goose Down\nDROP TABLE b;\n"));
        db = databases.Create(TestDialect.Sqlite);
        new DbProbe(db).Execute("CREATE TABLE goose_db_version (id INTEGER PRIMARY KEY AUTOINCREMENT, version_id INTEGER NOT NULL, is_applied INTEGER NOT NULL, tstamp TIMESTAMP DEFAULT (datetime('now')))");
        new DbProbe(db).Execute("INSERT INTO goose_db_version (version_id, is_applied) VALUES (0, 1), (20170506082420, 1), (20170506082421, 1), (20170506082421, 0)");
        Assert.Equal(["20170506082420"], MigrationProject.Load(goose).ForDatabase(db).Adopt("goose").Current);

        var dbmate = Folder(("20151129054053_a.sql", "-- migrate:up\nCREATE TABLE a (id INT);\n-- migrate:down\nDROP TABLE a;\n"));
        db = databases.Create(TestDialect.Sqlite);
        new DbProbe(db).Execute("CREATE TABLE schema_migrations (version varchar(128) primary key)");
        new DbProbe(db).Execute("INSERT INTO schema_migrations VALUES ('20151129054053')");
        Assert.Equal(["20151129054053"], MigrationProject.Load(dbmate).ForDatabase(db).Adopt("dbmate").Current);

        using var alembic = new FolderBuilder().Add("3f1c2a9e0b01", up: "CREATE TABLE a (id INT);", down: "DROP TABLE a;").Add("8d24be7741c2", "3f1c2a9e0b01", up: "CREATE TABLE b (id INT);", down: "DROP TABLE b;");
        db = databases.Create(TestDialect.Sqlite);
        new DbProbe(db).Execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))");
        new DbProbe(db).Execute("INSERT INTO alembic_version VALUES ('3f1c2a9e0b01')");
        var status = alembic.Project().ForDatabase(db).Adopt("alembic");
        Assert.Equal(["3f1c2a9e0b01"], status.Current);
        Assert.Equal(1, new DbProbe(db).Scalar("SELECT COUNT(*) FROM alembic_version"));
    }

    [Fact]
    public void Convert_writes_another_tools_folder_as_psmigrate_revision_files_that_run_the_same()
    {
        var folder = FlywayFolder();
        var target = _temp.File("converted");
        var written = MigrationProject.Load(folder).Convert(target);
        Assert.Equal(["1", "1_1", "2", "10"], written.Select(r => r.Revision));
        Assert.StartsWith("-- Revision: 1_1\n-- Revises: 1\n-- Message: Add email\n", File.ReadAllText(Path.Combine(target, "versions", "1_1.sql")));

        var converted = MigrationProject.Load(target);
        var db = databases.Create(TestDialect.Sqlite);
        Assert.True(converted.ForDatabase(db).Upgrade().Succeeded);
        Assert.Equal(["10"], new DbProbe(db).Versions());
        Assert.Throws<MigrationException>(() => MigrationProject.Load(folder).Convert(target)); // never replaces a file
    }
}
