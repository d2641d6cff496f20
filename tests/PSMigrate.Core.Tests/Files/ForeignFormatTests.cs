using PSMigrate.Tests.Support;

namespace PSMigrate.Tests.Files;

/// <summary>
/// Other tools' migration folders read as those tools document them: golang-migrate, Flyway,
/// goose, dbmate, popx (Kratos' per-dialect files) and plain name-ordered files, each a linear
/// chain whose revision ids are the tool's versions, upgraded, undone and rendered offline.
/// </summary>
[Collection(DatabaseCollection.Name)]
public class ForeignFormatTests(TestDatabases databases) : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Folder(params (string Name, string Text)[] files)
    {
        var folder = _temp.File(Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        foreach (var (name, text) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(folder, name))!);
            File.WriteAllText(Path.Combine(folder, name), text);
        }
        return folder;
    }

    private static IReadOnlyList<string> Ids(MigrationProject project) => project.History().Select(h => h.Revision).Reverse().ToArray();

    [SkippableTheory, MemberData(nameof(TestDatabases.Dialects), MemberType = typeof(TestDatabases))]
    public void A_golang_migrate_folder_is_read_as_it_is_with_no_psmigrate_json_and_its_versions_as_ids(TestDialect dialect)
    {
        var folder = Folder(
            ("000001_create_users_table.up.sql", "CREATE TABLE IF NOT EXISTS users (user_id INTEGER PRIMARY KEY, username VARCHAR(50) UNIQUE NOT NULL);"),
            ("000001_create_users_table.down.sql", "DROP TABLE IF EXISTS users;"),
            ("000002_add_mood_to_users.up.sql", "ALTER TABLE users ADD COLUMN mood TEXT;"),
            ("000002_add_mood_to_users.down.sql", "ALTER TABLE users DROP COLUMN mood;"),
            ("000010_seed.up.sql", "INSERT INTO users (user_id, username, mood) VALUES (1, 'ada', 'curious');"),
            ("000010_seed.down.sql", "DELETE FROM users;"));
        var project = MigrationProject.Load(folder);
        Assert.Equal(["000001", "000002", "000010"], Ids(project));
        Assert.Equal("add mood to users", project.History().Single(h => h.Revision == "000002").Message);

        var db = databases.Create(dialect);
        Assert.True(project.ForDatabase(db).Upgrade().Succeeded);
        Assert.Equal(["000010"], new DbProbe(db).Versions());
        Assert.Equal(["ada|curious"], new DbProbe(db).Rows("users", "username, mood", "user_id"));
        Assert.True(project.ForDatabase(db).Downgrade("base").Succeeded);
        Assert.False(new DbProbe(db).TableExists("users"));
        Assert.Contains("ALTER TABLE users ADD COLUMN mood TEXT;", project.ForDialect("sqlite").RenderUpgrade("heads"));
    }

    [SkippableTheory, MemberData(nameof(TestDatabases.Dialects), MemberType = typeof(TestDatabases))]
    public void A_flyway_folder_orders_versions_part_by_part_and_undoes_with_its_U_files(TestDialect dialect)
    {
        var folder = Folder(
            ("psmigrate.json", """{ "format": "flyway", "versions": "db/migration" }"""),
            ("db/migration/V1__Create_person_table.sql", "create table PERSON (\n    ID int not null,\n    NAME varchar(100) not null\n);"),
            ("db/migration/V1_1__Add_email.sql", "alter table PERSON add column EMAIL varchar(100);"),
            ("db/migration/V2__Add_people.sql", "insert into PERSON (ID, NAME) values (1, 'Axel');\ninsert into PERSON (ID, NAME) values (2, 'Mr. Foo');"),
            ("db/migration/U2__Add_people.sql", "delete from PERSON;"),
            ("db/migration/V10__Add_index.sql", "create index PERSON_NAME on PERSON (NAME);"),
            ("db/migration/U10__Add_index.sql", dialect == TestDialect.MySql ? "drop index PERSON_NAME on PERSON;" : "drop index PERSON_NAME;"));
        var project = MigrationProject.Load(folder);
        Assert.Equal(["1", "1_1", "2", "10"], Ids(project));

        var db = databases.Create(dialect);
        Assert.True(project.ForDatabase(db).Upgrade().Succeeded);
        var person = dialect == TestDialect.PostgreSql ? "person" : "PERSON"; // PostgreSQL folds unquoted names
        Assert.Equal(2, new DbProbe(db).Scalar($"SELECT COUNT(*) FROM {person}"));
        Assert.True(project.ForDatabase(db).Downgrade("1_1").Succeeded);
        Assert.Equal(0, new DbProbe(db).Scalar($"SELECT COUNT(*) FROM {person}"));
        // V1_1 has no undo: a downgrade past it is refused before anything runs.
        Assert.Equal(ErrorIds.Irreversible, Assert.Throws<MigrationException>(() => project.ForDatabase(db).Downgrade("base")).ErrorId);
    }

    /// <summary>A trigger that counts hits, as each database writes one: a body with semicolons of its own.</summary>
    private static string CountingTrigger(TestDialect dialect) => dialect switch
    {
        TestDialect.PostgreSql => """
            -- +goose StatementBegin
            CREATE FUNCTION count_hit() RETURNS trigger AS $$
            BEGIN
                UPDATE post SET hits = hits + 1 WHERE id = NEW.post_id;
                RETURN NEW;
            END;
            $$ LANGUAGE plpgsql;
            -- +goose StatementEnd
            CREATE TRIGGER count_hit AFTER INSERT ON hits FOR EACH ROW EXECUTE FUNCTION count_hit();
            """,
        TestDialect.MySql => """
            -- +goose StatementBegin
            CREATE TRIGGER count_hit AFTER INSERT ON hits FOR EACH ROW BEGIN
                UPDATE post SET hits = hits + 1 WHERE id = NEW.post_id;
            END;
            -- +goose StatementEnd
            """,
        _ => """
            -- +goose StatementBegin
            CREATE TRIGGER count_hit AFTER INSERT ON hits BEGIN
                UPDATE post SET hits = hits + 1 WHERE id = NEW.post_id;
            END;
            -- +goose StatementEnd
            """,
    };

    [SkippableTheory, MemberData(nameof(TestDatabases.Dialects), MemberType = typeof(TestDatabases))]
    public void A_goose_file_keeps_a_statement_block_whole_and_a_dbmate_file_reads_its_markers(TestDialect dialect)
    {
        var goose = Folder(
            ("20170506082420_create_table.sql",
                "-- +goose Up\nCREATE TABLE post (id INTEGER PRIMARY KEY, title VARCHAR(50), hits INTEGER DEFAULT 0);\nCREATE TABLE hits (post_id INTEGER);\n" +
                CountingTrigger(dialect) + "\n\n-- +goose Down\nDROP TABLE hits;\nDROP TABLE post;\n" +
                (dialect == TestDialect.PostgreSql ? "DROP FUNCTION count_hit();\n" : "")),
            ("20170506082421_seed.sql", "-- +goose Up\nINSERT INTO post (id, title) VALUES (1, 'hello');\nINSERT INTO hits VALUES (1);\n\n-- +goose Down\nDELETE FROM hits;\nDELETE FROM post;\n"));
        var db = databases.Create(dialect);
        var project = MigrationProject.Load(goose);
        Assert.True(project.ForDatabase(db).Upgrade().Succeeded);
        Assert.Equal(["1|1"], new DbProbe(db).Rows("post", "id, hits", "id"));
        Assert.True(project.ForDatabase(db).Downgrade("base").Succeeded);

        var dbmate = Folder(
            ("db/migrations/20151129054053_test_migration.sql", "-- migrate:up\ncreate table users (\n  id integer,\n  name varchar(255),\n  email varchar(255) not null\n);\n\n-- migrate:down\ndrop table users;\n"));
        File.WriteAllText(Path.Combine(dbmate, "psmigrate.json"), """{ "versions": "db/migrations" }""");
        var other = databases.Create(dialect);
        var fromDbmate = MigrationProject.Load(dbmate);
        Assert.Equal(["20151129054053"], Ids(fromDbmate));
        Assert.True(fromDbmate.ForDatabase(other).Upgrade().Succeeded);
        Assert.True(new DbProbe(other).TableExists("users"));
    }

    [SkippableTheory, MemberData(nameof(TestDatabases.Dialects), MemberType = typeof(TestDatabases))]
    public void A_popx_folder_runs_each_dialects_own_file_and_the_generic_one_elsewhere(TestDialect dialect)
    {
        var folder = Folder(
            ("20200317160354000000_identities.up.sql", "CREATE TABLE identities (id VARCHAR(36) PRIMARY KEY, traits TEXT);"),
            ("20200317160354000000_identities.down.sql", "DROP TABLE identities;"),
            ("20200317160354000001_flavour.postgres.up.sql", "CREATE TABLE flavour (name VARCHAR(20));\nINSERT INTO flavour VALUES ('postgres');"),
            ("20200317160354000001_flavour.mysql.up.sql", "CREATE TABLE flavour (name VARCHAR(20)) ENGINE=InnoDB;\nINSERT INTO flavour VALUES ('mysql');"),
            ("20200317160354000001_flavour.cockroach.up.sql", "CREATE TABLE flavour (name STRING);"),
            ("20200317160354000001_flavour.up.sql", "CREATE TABLE flavour (name VARCHAR(20));\nINSERT INTO flavour VALUES ('generic');"),
            ("20200317160354000001_flavour.down.sql", "DROP TABLE flavour;"));
        var db = databases.Create(dialect);
        var project = MigrationProject.Load(folder);
        Assert.Equal(["20200317160354000000", "20200317160354000001"], Ids(project));

        Assert.True(project.ForDatabase(db).Upgrade().Succeeded);

        Assert.Equal([dialect switch { TestDialect.PostgreSql => "postgres", TestDialect.MySql => "mysql", _ => "generic" }],
            new DbProbe(db).Rows("flavour", "name", "name"));
        Assert.True(project.ForDatabase(db).Downgrade("base").Succeeded);
    }

    [Fact]
    public void Plain_files_run_in_name_order_and_cannot_be_undone()
    {
        var folder = Folder(("psmigrate.json", """{ "format": "plain", "versions": "sql" }"""),
            ("sql/001-init.sql", "CREATE TABLE runs (id INTEGER);"), ("sql/002-more.sql", "INSERT INTO runs VALUES (1);"));
        var project = MigrationProject.Load(folder);
        Assert.Equal(["001_init", "002_more"], Ids(project));
        Assert.All(project.Heads(), h => Assert.False(h.IsReversible));
        var db = databases.Create(TestDialect.Sqlite);
        Assert.True(project.ForDatabase(db).Upgrade().Succeeded);
        Assert.Equal(1, new DbProbe(db).Scalar("SELECT COUNT(*) FROM runs"));
    }

    [Fact]
    public void A_file_that_does_not_fit_the_format_is_named_and_a_failing_statement_names_its_own_file()
    {
        var folder = Folder(("psmigrate.json", """{ "format": "golang-migrate", "versions": "." }"""),
            ("1_a.up.sql", "CREATE TABLE a (id INTEGER);"), ("notes.sql", "SELECT 1;"));
        var e = Assert.Throws<MigrationException>(() => MigrationProject.Load(folder));
        Assert.Equal(ErrorIds.InvalidRevisionFile, e.ErrorId);
        Assert.Contains("notes.sql: not a golang-migrate migration file name", e.Message);

        var broken = Folder(("1_a.up.sql", "CREATE TABLE a (id INTEGER);"), ("1_a.down.sql", "\n\nDROP TABLE nothing_here;"));
        var db = databases.Create(TestDialect.Sqlite);
        var project = MigrationProject.Load(broken);
        project.ForDatabase(db).Upgrade().ThrowIfFailed();
        var failure = project.ForDatabase(db).Downgrade("base").Failure!;
        Assert.Contains("1_a.down.sql:3", failure.Message);
    }
}
