using System.Xml;
using System.Xml.Schema;
using PSMigrate.Tests.Support;

namespace PSMigrate.Tests.Checks;

/// <summary>Each built-in check failing on a crafted folder, and passing once the folder is fixed.</summary>
[Collection(DatabaseCollection.Name)]
public class MigrationChecksTests(TestDatabases databases) : IDisposable
{
    private readonly FolderBuilder _folder = new FolderBuilder()
        .Add("r1", up: "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);", down: "DROP TABLE users;")
        .Add("r2", "r1", up: "CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id));", down: "DROP TABLE orders;");

    public void Dispose() => _folder.Dispose();

    private IReadOnlyList<CheckResult> Test(TestOptions? options = null) => _folder.Project().Test(options);

    private static CheckResult One(IReadOnlyList<CheckResult> results, string check, string? revision = null) =>
        Assert.Single(results, r => r.Check == check && r.Revision == revision);

    [Fact]
    public void A_sound_folder_passes_every_check()
    {
        var results = Test();
        Assert.All(results, r => Assert.Equal(CheckStatus.Passed, r.Status));
        Assert.Equal(["graph", "upgrade", "up-down", "upgrade", "up-down", "lint", "downgrade-to-base"], results.Select(r => r.Check));
        Assert.All(results.Where(r => r.Check != "graph"), r => Assert.Equal("sqlite", r.Dialect));
    }

    [Fact]
    public void Graph_fails_with_two_heads_and_passes_once_merged()
    {
        _folder.Add("b1", "r1", up: "CREATE TABLE extra (id INTEGER);", down: "DROP TABLE extra;");
        var graph = One(Test(), "graph");
        Assert.Equal(CheckStatus.Failed, graph.Status);
        Assert.Contains(ErrorIds.MultipleHeads, graph.Message);
        _folder.Add("m1", "r2, b1");
        Assert.Equal(CheckStatus.Passed, One(Test(), "graph").Status);
    }

    [Fact]
    public void Upgrade_names_the_failing_revision_and_line_and_still_checks_every_later_revision()
    {
        _folder.Add("r3", "r2", up: "CREATE TABLE ok (id INTEGER);\nCREATE TABLE users (id INTEGER);", down: "DROP TABLE ok;")
            .Add("r4", "r3", up: "CREATE TABLE later (id INTEGER);", down: "DROP TABLE later;")
            .Add("r5", "r4", up: "CREATE TABLE needs_ok AS SELECT * FROM ok;", down: "DROP TABLE needs_ok;");
        var results = Test();
        var failed = One(results, "upgrade", "r3");
        Assert.Equal(CheckStatus.Failed, failed.Status);
        Assert.Contains("r3_rev.sql:8", failed.Message);
        Assert.Contains("already exists", failed.Message);
        Assert.DoesNotContain(results, r => r.Status == CheckStatus.Skipped);
        // r4 does not need r3 and passes; r5 does, and its failure says what came before it.
        Assert.Equal(CheckStatus.Passed, One(results, "upgrade", "r4").Status);
        Assert.Equal(CheckStatus.Passed, One(results, "up-down", "r4").Status);
        var consequence = One(results, "upgrade", "r5");
        Assert.Equal(CheckStatus.Failed, consequence.Status);
        Assert.Contains("no such table: ok", consequence.Message);
        Assert.Contains("after revision r3 failed", consequence.Message);

        File.WriteAllText(Path.Combine(_folder.Versions, "r3_rev.sql"), File.ReadAllText(Path.Combine(_folder.Versions, "r3_rev.sql")).Replace("CREATE TABLE users (id INTEGER);", ""));
        Assert.Equal(CheckStatus.Passed, One(Test(), "upgrade", "r4").Status);
    }

    [Fact]
    public void A_broken_downgrade_is_reported_and_every_later_revision_is_still_checked_from_a_fresh_state()
    {
        // r3's downgrade forgets its table: the round trip fails, and the second upgrade too. Without a
        // fresh start, r4 would run on a database whose version table says r2 while the table is there.
        _folder.Add("r3", "r2", up: "CREATE TABLE audit (id INTEGER);", down: "SELECT 1;")
            .Add("r4", "r3", up: "ALTER TABLE audit ADD COLUMN who TEXT;", down: "ALTER TABLE audit DROP COLUMN who;")
            .Add("r5", "r4", up: "CREATE TABLE later (id INTEGER);", down: "DROP TABLE later;");
        var results = Test();

        var broken = One(results, "up-down", "r3");
        Assert.Equal(CheckStatus.Failed, broken.Status);
        Assert.Contains("does not give back the schema", broken.Message);
        foreach (var later in new[] { "r4", "r5" })
        {
            Assert.Equal(CheckStatus.Passed, One(results, "upgrade", later).Status);
            Assert.Equal(CheckStatus.Passed, One(results, "up-down", later).Status);
        }
        Assert.DoesNotContain(results, r => r.Status == CheckStatus.Skipped);
    }

    [Fact]
    public void Up_down_and_downgrade_to_base_fail_on_a_downgrade_that_leaves_something_behind()
    {
        // IF NOT EXISTS lets the upgrade run again over the table its downgrade forgot, so the walk goes on to base.
        _folder.Add("r3", "r2", up: "CREATE TABLE a (id INTEGER);\nCREATE INDEX a_id ON a (id);\nCREATE TABLE IF NOT EXISTS b (id INTEGER);", down: "DROP TABLE a;");
        var results = Test();
        var upDown = One(results, "up-down", "r3");
        Assert.Equal(CheckStatus.Failed, upDown.Status);
        Assert.Contains("create table b", upDown.Message);
        var toBase = One(results, "downgrade-to-base");
        Assert.Equal(CheckStatus.Failed, toBase.Status);
        Assert.Contains("table b", toBase.Message);

        File.WriteAllText(Path.Combine(_folder.Versions, "r3_rev.sql"), File.ReadAllText(Path.Combine(_folder.Versions, "r3_rev.sql")).Replace("DROP TABLE a;", "DROP TABLE b;\nDROP TABLE a;"));
        results = Test();
        Assert.Equal(CheckStatus.Passed, One(results, "up-down", "r3").Status);
        Assert.Equal(CheckStatus.Passed, One(results, "downgrade-to-base").Status);
    }

    [Fact]
    public void Schema_sql_must_match_the_heads()
    {
        _folder.Schema("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);");
        var schema = One(Test(), "schema");
        Assert.Equal(CheckStatus.Failed, schema.Status);
        Assert.Contains("orders", schema.Message);
        File.AppendAllText(Path.Combine(_folder.Path, "schema.sql"), "\nCREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id));");
        Assert.Equal(CheckStatus.Passed, One(Test(), "schema").Status);
    }

    [Fact]
    public void Lint_passes_over_table_rebuilds_that_keep_their_rows_in_one_revision_or_across_two()
    {
        // Copy to a backup, drop, re-create, copy back, drop the backup.
        _folder.Add("r3", "r2",
                up: "CREATE TABLE users_backup AS SELECT * FROM users;\nDROP TABLE users;\nCREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT);\n" +
                    "INSERT INTO users (id, name) SELECT id, name FROM users_backup;\nDROP TABLE users_backup;",
                down: "ALTER TABLE users DROP COLUMN email;")
            // Rename away, re-create, copy, drop the old.
            .Add("r4", "r3",
                up: "ALTER TABLE orders RENAME TO orders_old;\nCREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id), total INTEGER);\n" +
                    "INSERT INTO orders (id, user_id) SELECT id, user_id FROM orders_old;\nDROP TABLE orders_old;",
                down: "ALTER TABLE orders DROP COLUMN total;")
            // The copy in one revision, the drop in the next.
            .Add("r5", "r4", up: "CREATE TABLE orders_archive (id INTEGER, user_id INTEGER);\nINSERT INTO orders_archive SELECT id, user_id FROM orders;", down: "DROP TABLE orders_archive;")
            .Add("r6", "r5", up: "DROP TABLE orders;", down: "CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id), total INTEGER);\nINSERT INTO orders (id, user_id) SELECT id, user_id FROM orders_archive;");
        var results = Test();

        Assert.DoesNotContain(results, r => r.Check == "lint:PSM001");
        Assert.All(results.Where(r => r.Check is "upgrade" or "up-down"), r => Assert.Equal(CheckStatus.Passed, r.Status));

        // A table dropped with its rows copied nowhere is still a lost table.
        _folder.Add("r7", "r6", up: "DROP TABLE orders_archive;", down: "CREATE TABLE orders_archive (id INTEGER, user_id INTEGER);");
        Assert.Equal(CheckStatus.Failed, One(Test(), "lint:PSM001", "r7").Status);
    }

    [Fact]
    public void Lint_warns_of_a_revision_with_sections_for_other_dialects_but_none_for_this_one()
    {
        _folder.Config("""{ "dialects": ["sqlite"] }""");
        _folder.Add("r3", "r2", up: "-- +upgrade postgresql\nCREATE INDEX CONCURRENTLY ix_users ON users (id);\n-- +upgrade mysql\nCREATE INDEX ix_users ON users (id);",
            down: "-- +downgrade postgresql\nDROP INDEX ix_users;\n-- +downgrade mysql\nDROP INDEX ix_users ON users;");
        var finding = One(Test(), "lint:PSM010", "r3");
        Assert.Equal(CheckStatus.Warning, finding.Status);
        Assert.Contains("r3_rev.sql:7: missing-dialect-section: upgrade sections for mysql, postgresql, none for sqlite", finding.Message);

        // A section every dialect runs (no dialect named) is not missing anywhere.
        _folder.Add("r4", "r3", up: "CREATE TABLE audit (id INTEGER);\n-- +upgrade postgresql\nCOMMENT ON TABLE audit IS 'x';", down: "DROP TABLE audit;");
        Assert.DoesNotContain(Test(), r => r.Check == "lint:PSM010" && r.Revision == "r4");
    }

    [Fact]
    public void Lint_finds_each_sqlite_rule_honours_ignore_comments_and_configured_severities()
    {
        _folder.Add("r3", "r2", up: "ALTER TABLE users ADD COLUMN age INTEGER NOT NULL;\nALTER TABLE orders RENAME TO purchases;\nDROP TABLE purchases;\n" +
                                    "ALTER TABLE users DROP COLUMN age;\n-- psmigrate:ignore PSM001\nDROP TABLE users;", down: null);
        var results = Test();
        Assert.Equal(["lint:PSM001", "lint:PSM002", "lint:PSM003", "lint:PSM005", "lint:PSM009"],
            results.Where(r => r.Check.StartsWith("lint:")).Select(r => r.Check).Order(StringComparer.Ordinal));
        var drop = One(results, "lint:PSM001", "r3");
        Assert.Equal(CheckStatus.Failed, drop.Status);
        Assert.Contains("r3_rev.sql:9: drop-table: DROP TABLE purchases", drop.Message);
        Assert.Equal(CheckStatus.Warning, One(results, "lint:PSM005", "r3").Status);
        Assert.Equal(CheckStatus.Warning, One(results, "lint:PSM009", "r3").Status);

        _folder.Config("""{ "lint": { "drop-table": "off", "PSM002": "warning", "PSM003": "off", "rename": "error" } }""");
        results = Test();
        Assert.DoesNotContain(results, r => r.Check is "lint:PSM001" or "lint:PSM003");
        Assert.Equal(CheckStatus.Warning, One(results, "lint:PSM002", "r3").Status);
        Assert.Equal(CheckStatus.Failed, One(results, "lint:PSM005", "r3").Status);

        _folder.Config("""{ "lint": { "drop-tables": "off" } }""");
        Assert.Equal(ErrorIds.InvalidConfig, Assert.Throws<MigrationException>(() => _folder.Project()).ErrorId);
    }

    [Fact]
    public void A_table_rebuild_is_no_dropped_table_but_a_drop_and_a_new_create_is()
    {
        // Autogenerate's SQLite rebuild: copy into a new table, drop the old one, rename the new one to its name.
        _folder.Schema("CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(80) NOT NULL);\n" +
            "CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id));");
        var project = _folder.Project();
        var generated = project.WriteRevision(project.PlanAutogenerate(new NewRevisionRequest("wider names"), null, null, DateTimeOffset.UtcNow)!);
        Assert.Contains("RENAME TO \"users\"", File.ReadAllText(generated.FilePath));
        var results = Test();
        Assert.DoesNotContain(results, r => r.Check.StartsWith("lint:", StringComparison.Ordinal));
        Assert.All(results, r => Assert.Equal(CheckStatus.Passed, r.Status));

        _folder.Add("r9", generated.Revision, up: "DROP TABLE orders;\nCREATE TABLE orders (id INTEGER PRIMARY KEY);", down: null);
        Assert.Equal(CheckStatus.Failed, One(Test(), "lint:PSM001", "r9").Status);
    }

    [SkippableFact]
    public void Lint_finds_the_postgresql_rules_with_the_column_type_read_before_the_revision()
    {
        var dev = databases.Create(TestDialect.PostgreSql);
        using var folder = new FolderBuilder()
            .Config("""{ "dialects": ["postgresql"] }""")
            .Add("p1", up: "CREATE TYPE mood AS ENUM ('sad');\nCREATE TABLE people (id integer PRIMARY KEY, name varchar(80), mood mood);\nCREATE INDEX people_new ON people (name);",
                down: "DROP TABLE people;\nDROP TYPE mood;")
            .Add("p2", "p1", up: "ALTER TABLE people ALTER COLUMN name TYPE varchar(20);\nCREATE INDEX people_name ON people (name);\nALTER TYPE mood ADD VALUE 'ok';",
                down: "DROP INDEX people_name;\nALTER TABLE people ALTER COLUMN name TYPE varchar(80);");
        var results = folder.Project().Test(new TestOptions([dev]));
        var narrowing = One(results, "lint:PSM004", "p2");
        Assert.Contains("people.name: character varying(80) -> varchar(20)", narrowing.Message);
        Assert.Equal(CheckStatus.Warning, One(results, "lint:PSM006", "p2").Status);
        Assert.Equal(CheckStatus.Failed, One(results, "lint:PSM007", "p2").Status);
        Assert.DoesNotContain(results, r => r.Check == "lint:PSM006" && r.Revision == "p1"); // an index on a table made in the same revision
        Assert.All(results.Where(r => r.Check is "upgrade"), r => Assert.Equal("postgresql", r.Dialect));
    }

    [SkippableFact]
    public void Lint_finds_a_mysql_revision_that_mixes_ddl_and_data()
    {
        var dev = databases.Create(TestDialect.MySql);
        using var folder = new FolderBuilder()
            .Config("""{ "dialects": ["mysql"] }""")
            .Add("m1", up: "CREATE TABLE t (id int PRIMARY KEY, v int);\nINSERT INTO t VALUES (1, 1);", down: "DROP TABLE t;");
        var mixed = One(folder.Project().Test(new TestOptions([dev])), "lint:PSM008", "m1");
        Assert.Contains("DDL at line 7 and data changes at line 8", mixed.Message);
    }

    [Fact]
    public void Snapshots_upgrade_to_the_heads_and_their_checks_must_return_no_rows()
    {
        var snapshots = Path.Combine(_folder.Path, "snapshots");
        Directory.CreateDirectory(snapshots);
        var old = databases.Create(TestDialect.Sqlite);
        _folder.Migrator(old).Upgrade("r1").ThrowIfFailed();
        new DbProbe(old).Execute("INSERT INTO users VALUES (1, 'ada')");
        File.Copy(old["sqlite:".Length..], Path.Combine(snapshots, "release-1.db"));
        File.WriteAllText(Path.Combine(snapshots, "release-1.check.sql"), "SELECT id FROM users WHERE name <> 'ADA';");
        File.WriteAllText(Path.Combine(snapshots, "release-2.postgresql.sql"), "this is for another dialect and never read");

        var snapshot = One(Test(), "snapshot", "release-1.db");
        Assert.Equal(CheckStatus.Failed, snapshot.Status);
        Assert.Contains("release-1.check.sql:1: the check returned rows, the first (1)", snapshot.Message);

        _folder.Add("r3", "r2", up: "UPDATE users SET name = upper(name);");
        Assert.Equal(CheckStatus.Passed, One(Test(), "snapshot", "release-1.db").Status);
    }

    [Fact]
    public void With_a_database_edited_revisions_and_drift_fail()
    {
        var db = databases.Create(TestDialect.Sqlite);
        _folder.Migrator(db).Upgrade().ThrowIfFailed();
        var results = Test(new TestOptions(Database: db));
        Assert.Equal(CheckStatus.Passed, One(results, "checksums").Status);
        Assert.Equal(CheckStatus.Passed, One(results, "drift").Status);

        File.AppendAllText(Path.Combine(_folder.Versions, "r2_rev.sql"), "\n-- edited after it ran\n");
        new DbProbe(db).Execute("CREATE TABLE hand_made (x INTEGER)");
        results = Test(new TestOptions(Database: db));
        Assert.Contains("r2", One(results, "checksums").Message);
        Assert.Equal(CheckStatus.Failed, One(results, "checksums").Status);
        Assert.Contains("create table hand_made", One(results, "drift").Message);
    }

    [Fact]
    public void The_junit_report_validates_against_the_schema_and_says_what_failed()
    {
        _folder.Add("r3", "r2", up: "CREATE TABLE users (id INTEGER);", down: "DROP TABLE users;");
        var xml = JUnitReport.Write(Test());
        var schemas = new XmlSchemaSet();
        schemas.Add(null, Path.Combine(AppContext.BaseDirectory, "Checks", "junit.xsd"));
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationEventHandler += (_, e) => errors.Add(e.Message);
        using (var reader = XmlReader.Create(new StringReader(xml), settings)) while (reader.Read()) { }
        Assert.Empty(errors);

        var document = System.Xml.Linq.XDocument.Parse(xml);
        var failure = Assert.Single(document.Descendants("failure"));
        Assert.Equal("upgrade r3 [sqlite]", failure.Parent!.Attribute("name")!.Value);
        Assert.Contains("already exists", failure.Attribute("message")!.Value);
        Assert.Equal("1", document.Root!.Attribute("failures")!.Value);
    }
}
