using PSMigrate.Tests.Support;

namespace PSMigrate.Tests.Schema;

/// <summary>Autogenerate, diff, drift and export through the public API, as the CLI and cmdlets use them.</summary>
[Collection(DatabaseCollection.Name)]
public class SchemaWorkflowTests(TestDatabases databases) : IDisposable
{
    private readonly FolderBuilder _folder = new FolderBuilder()
        .Add("a1", up: "CREATE TABLE parents (id INTEGER PRIMARY KEY, name TEXT NOT NULL);", down: "DROP TABLE parents;")
        .Add("a2", "a1", up: "CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parents (id), qty INTEGER NOT NULL);",
            down: "DROP TABLE children;");

    public void Dispose() => _folder.Dispose();

    private string Schema(string sql)
    {
        var path = Path.Combine(_folder.Path, "schema.sql");
        File.WriteAllText(path, sql);
        return path;
    }

    private MigrationRevision Generate(string message, SchemaOptions? options = null)
    {
        var project = _folder.Project();
        var planned = project.PlanAutogenerate(new NewRevisionRequest(message), null, options, DateTimeOffset.UtcNow);
        Assert.NotNull(planned);
        return project.WriteRevision(planned);
    }

    [Fact]
    public void Nlds_a_column_type_change_on_a_referenced_sqlite_table_keeps_every_row_and_every_reference()
    {
        var db = databases.Create(TestDialect.Sqlite);
        _folder.Migrator(db).Upgrade().ThrowIfFailed();
        var probe = new DbProbe(db);
        probe.Execute("INSERT INTO parents VALUES (1, 'a'), (2, 'b'); INSERT INTO children VALUES (1, 1, 5), (2, 2, 6), (3, 2, 7)");
        Schema("""
            CREATE TABLE parents (id INTEGER PRIMARY KEY, name VARCHAR(80) NOT NULL);
            CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parents (id), qty INTEGER NOT NULL);
            """);

        var written = Generate("wider parent names");
        var text = File.ReadAllText(written.FilePath);
        Assert.Contains("_psmigrate_new_parents", text);
        Assert.Contains("-- +downgrade", text);

        var run = _folder.Migrator(db).Upgrade();
        Assert.True(run.Succeeded, run.Failure?.Message);
        Assert.Equal(2, probe.Scalar("SELECT COUNT(*) FROM parents"));
        Assert.Equal(3, probe.Scalar("SELECT COUNT(*) FROM children"));
        Assert.Equal(["VARCHAR(80)"], probe.Strings("SELECT type FROM pragma_table_info('parents') WHERE name = 'name'"));
        Assert.Empty(probe.Strings("SELECT 'x' FROM pragma_foreign_key_check"));
        Assert.Equal(2, probe.Scalar("SELECT COUNT(*) FROM children c JOIN parents p ON p.id = c.parent_id WHERE p.id = 2"));
        Assert.False(_folder.Project().CompareSchemas().HasDifferences);

        Assert.True(_folder.Migrator(db).Downgrade("-1").Succeeded);
        Assert.Equal(3, probe.Scalar("SELECT COUNT(*) FROM children"));
        Assert.Equal(["TEXT"], probe.Strings("SELECT type FROM pragma_table_info('parents') WHERE name = 'name'"));
        Assert.Empty(probe.Strings("SELECT 'x' FROM pragma_foreign_key_check"));
    }

    [Fact]
    public void No_difference_writes_no_revision()
    {
        Schema("""
            CREATE TABLE parents (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
            CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parents (id), qty INTEGER NOT NULL);
            """);
        Assert.Null(_folder.Project().PlanAutogenerate(new NewRevisionRequest("nothing"), null, null, DateTimeOffset.UtcNow));
        Assert.Equal(2, Directory.GetFiles(_folder.Versions).Length);
    }

    [Fact]
    public void A_dropped_and_an_added_column_of_one_type_get_a_rename_note_not_a_guess()
    {
        Schema("""
            CREATE TABLE parents (id INTEGER PRIMARY KEY, title TEXT);
            CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parents (id), qty INTEGER NOT NULL);
            """);
        var text = File.ReadAllText(Generate("rename?").FilePath);
        Assert.Contains("-- psmigrate: name dropped and title added with the same type: if this is a rename, write ALTER TABLE parents RENAME COLUMN name TO title instead", text);
    }

    [Fact]
    public void A_schema_file_that_fails_names_its_file_line_and_the_database_message_and_writes_nothing()
    {
        var path = Schema("CREATE TABLE ok (id INTEGER);\n\nCREATE TABLE broken (id INTEGER,);\n");
        var e = Assert.Throws<MigrationException>(() => _folder.Project().PlanAutogenerate(new NewRevisionRequest("x"), null, null, DateTimeOffset.UtcNow));
        Assert.Equal(ErrorIds.SchemaFileFailed, e.ErrorId);
        Assert.StartsWith($"{path}:3: ", e.Message);
        Assert.Contains("syntax error", e.Message);
        Assert.Equal(3, e.Line);
        Assert.Equal(2, Directory.GetFiles(_folder.Versions).Length);
    }

    [SkippableFact]
    public void An_unreachable_dev_database_is_said_before_anything_is_generated()
    {
        _folder.Config("""{ "dialects": ["postgresql"] }""");
        Schema("CREATE TABLE x (id integer);");
        var e = Assert.Throws<MigrationException>(() => _folder.Project().PlanAutogenerate(new NewRevisionRequest("x"), null,
            new SchemaOptions(["postgresql://u:s3cret@127.0.0.1:1/dev"]), DateTimeOffset.UtcNow));
        Assert.Equal(ErrorIds.DevDatabaseUnavailable, e.ErrorId);
        Assert.DoesNotContain("s3cret", e.Message);
        var none = Assert.Throws<MigrationException>(() => _folder.Project().PlanAutogenerate(new NewRevisionRequest("x"), null, null, DateTimeOffset.UtcNow));
        Assert.Equal(ErrorIds.DevDatabaseUnavailable, none.ErrorId);
        Assert.Contains("--dev-database", none.Message);
        Assert.Equal(2, Directory.GetFiles(_folder.Versions).Length);
    }

    [SkippableFact]
    public void A_dev_database_whose_user_may_not_create_databases_is_said_before_anything_is_generated()
    {
        var db = databases.Create(TestDialect.PostgreSql);
        var role = $"nocreate_{Guid.NewGuid():N}"[..20];
        new DbProbe(db).Execute($"CREATE ROLE {role} LOGIN PASSWORD 'n0-Create' NOCREATEDB");
        var address = AsUser(db, role, "n0-Create");
        _folder.Config("""{ "dialects": ["postgresql"] }""");
        Schema("CREATE TABLE x (id integer);");
        var e = Assert.Throws<MigrationException>(() => _folder.Project().PlanAutogenerate(new NewRevisionRequest("x"), null,
            new SchemaOptions([address]), DateTimeOffset.UtcNow));
        Assert.Equal(ErrorIds.DevDatabaseUnavailable, e.ErrorId);
        Assert.Contains("CREATE DATABASE failed", e.Message);
        Assert.Contains("permission denied", e.Message);
        Assert.DoesNotContain("n0-Create", e.Message);
        Assert.Equal(2, Directory.GetFiles(_folder.Versions).Length);
    }

    /// <summary>The same server and database as <paramref name="db"/>, as another user.</summary>
    private static string AsUser(string db, string user, string password)
    {
        var uri = new Uri(db);
        return $"postgresql://{user}:{password}@{uri.Host}:{uri.Port}{uri.AbsolutePath}";
    }

    [SkippableFact]
    public void Postgresql_autogenerate_through_a_dev_database_puts_enum_values_in_an_autocommit_section()
    {
        var dev = databases.Create(TestDialect.PostgreSql);
        using var folder = new FolderBuilder()
            .Config("""{ "dialects": ["postgresql"] }""")
            .Add("p1", up: "CREATE TYPE mood AS ENUM ('sad', 'ok');\nCREATE TABLE people (id integer PRIMARY KEY, mood mood NOT NULL);",
                down: "DROP TABLE people;\nDROP TYPE mood;");
        folder.Schema("""
            CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
            CREATE TABLE people (id integer PRIMARY KEY, mood mood NOT NULL, nickname varchar(40));
            CREATE INDEX people_nickname ON people (nickname) WHERE nickname IS NOT NULL;
            """);
        var project = folder.Project();
        var planned = project.PlanAutogenerate(new NewRevisionRequest("happy people"), null, new SchemaOptions([dev]), DateTimeOffset.UtcNow)!;
        Assert.Contains("-- +upgrade postgresql autocommit\nALTER TYPE \"mood\" ADD VALUE IF NOT EXISTS 'happy' AFTER 'ok';", planned.Text);
        Assert.Contains("-- +upgrade postgresql\n", planned.Text);
        Assert.Contains("WHERE nickname IS NOT NULL", planned.Text);
        project.WriteRevision(planned);

        var db = databases.Create(TestDialect.PostgreSql);
        Assert.True(folder.Migrator(db).Upgrade().Succeeded);
        new DbProbe(db).Execute("INSERT INTO people VALUES (1, 'happy', 'h')");
        var drift = folder.Project().ForDatabase(db).CheckDrift(new SchemaOptions([dev]));
        Assert.False(drift.HasDifferences, string.Join("; ", drift.Differences.Select(d => d.Description)));
        Assert.Equal("postgresql", drift.Dialect);
    }

    [SkippableFact]
    public void Postgresql_identity_always_is_kept_by_autogenerate_and_told_apart_from_by_default_in_drift()
    {
        var dev = databases.Create(TestDialect.PostgreSql);
        using var folder = new FolderBuilder().Config("""{ "dialects": ["postgresql"] }""");
        folder.Schema("CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text);");
        var project = folder.Project();
        var planned = project.PlanAutogenerate(new NewRevisionRequest("events"), null, new SchemaOptions([dev]), DateTimeOffset.UtcNow)!;
        Assert.Contains("\"id\" bigint GENERATED ALWAYS AS IDENTITY", planned.Text);
        project.WriteRevision(planned);

        var db = databases.Create(TestDialect.PostgreSql);
        Assert.True(folder.Migrator(db).Upgrade().Succeeded);
        Assert.False(folder.Project().ForDatabase(db).CheckDrift(new SchemaOptions([dev])).HasDifferences);
        new DbProbe(db).Execute("ALTER TABLE events ALTER COLUMN id SET GENERATED BY DEFAULT");
        var drift = folder.Project().ForDatabase(db).CheckDrift(new SchemaOptions([dev]));
        Assert.Contains("alter column id (identity)", Assert.Single(drift.Differences).Description);
        Assert.Contains("ALTER COLUMN \"id\" SET GENERATED ALWAYS", drift.DowngradeSql);
    }

    [SkippableFact]
    public void A_trigger_and_its_function_are_generated_function_first_and_run_up_and_down()
    {
        var dev = databases.Create(TestDialect.PostgreSql);
        using var folder = new FolderBuilder()
            .Config("""{ "dialects": ["postgresql"] }""")
            .Add("p1", up: "CREATE TABLE pets (id integer PRIMARY KEY, name text NOT NULL);", down: "DROP TABLE pets;");
        folder.Schema("""
            CREATE TABLE pets (id integer PRIMARY KEY, name text NOT NULL);
            -- +statement-begin
            CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.name = trim(NEW.name); RETURN NEW; END $$;
            -- +statement-end
            CREATE TRIGGER pets_touch BEFORE INSERT ON pets FOR EACH ROW EXECUTE FUNCTION touch();
            """);
        var planned = folder.Project().PlanAutogenerate(new NewRevisionRequest("touch"), null, new SchemaOptions([dev]), DateTimeOffset.UtcNow)!;
        var function = planned.Text.IndexOf("CREATE OR REPLACE FUNCTION public.touch()", StringComparison.Ordinal);
        Assert.True(function > 0, planned.Text);
        Assert.True(function < planned.Text.IndexOf("CREATE TRIGGER", StringComparison.Ordinal), planned.Text);
        Assert.Contains("DROP FUNCTION \"touch\"()", planned.Text);
        folder.Project().WriteRevision(planned);

        var db = databases.Create(TestDialect.PostgreSql);
        folder.Migrator(db).Upgrade().ThrowIfFailed();
        new DbProbe(db).Execute("INSERT INTO pets VALUES (1, '  Rex  ')");
        Assert.Equal(["Rex"], new DbProbe(db).Strings("SELECT name FROM pets"));
        Assert.False(folder.Project().ForDatabase(db).CheckDrift(new SchemaOptions([dev])).HasDifferences);
        folder.Migrator(db).Downgrade("p1").ThrowIfFailed();
        Assert.Equal(0, new DbProbe(db).Scalar("SELECT COUNT(*) FROM pg_proc WHERE proname = 'touch'"));
    }

    [Fact]
    public void Drift_names_what_the_database_has_that_its_migrations_do_not_and_how_to_undo_it()
    {
        var db = databases.Create(TestDialect.Sqlite);
        _folder.Migrator(db).Upgrade("a1").ThrowIfFailed();
        Assert.False(_folder.Migrator(db).CheckDrift().HasDifferences);

        new DbProbe(db).Execute("ALTER TABLE parents ADD COLUMN sneaky TEXT; CREATE INDEX parents_name ON parents (name)");
        var drift = _folder.Migrator(db).CheckDrift();
        Assert.Equal(["alter table parents: add column sneaky TEXT", "create index parents_name on parents"], drift.Differences.Select(d => d.Description));
        Assert.Equal("migrations@a1", drift.From);
        // The repair: SQLite drops a column by rebuilding the table, which takes the stray index with it.
        Assert.Contains("CREATE TABLE \"_psmigrate_new_parents\"", drift.DowngradeSql);
        Assert.DoesNotContain("sneaky", drift.DowngradeSql.Split("INSERT")[0]);
        Assert.DoesNotContain("parents_name", drift.DowngradeSql);
    }

    [Fact]
    public void Export_is_stable_sorted_json_and_lists_what_the_model_leaves_alone()
    {
        var project = _folder.Project();
        var first = project.ExportSchema();
        Assert.Equal(first, project.ExportSchema("migrations@heads"));
        using var json = System.Text.Json.JsonDocument.Parse(first);
        Assert.Equal("sqlite", json.RootElement.GetProperty("dialect").GetString());
        var tables = json.RootElement.GetProperty("schema").GetProperty("tables").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.Equal(["children", "parents"], tables);
        Assert.DoesNotContain("psmigrate_version", first);
        var key = json.RootElement.GetProperty("schema").GetProperty("tables")[0].GetProperty("foreignKeys")[0];
        Assert.Equal("parents", key.GetProperty("referencedTable").GetString());
        Assert.Equal("noAction", key.GetProperty("onDelete").GetString());
        Assert.Equal("""{"tables":[],"views":[],"enums":[],"sequences":[],"triggers":[],"unmanaged":[]}""",
            System.Text.Json.JsonDocument.Parse(project.ExportSchema("migrations@base")).RootElement.GetProperty("schema").GetRawText().Replace(" ", "").Replace("\n", ""));
    }

    [SkippableFact]
    public void Mariadb_views_compare_without_the_scratch_database_name()
    {
        var dev = databases.Create(TestDialect.MySql);
        using var folder = new FolderBuilder()
            .Config("""{ "dialects": ["mysql"] }""")
            .Add("m1", up: "CREATE TABLE items (id int PRIMARY KEY, price decimal(10,2) NOT NULL);\nCREATE VIEW cheap AS SELECT id FROM items WHERE price < 10;",
                down: "DROP VIEW cheap;\nDROP TABLE items;");
        folder.Schema("CREATE TABLE items (id int PRIMARY KEY, price decimal(10,2) NOT NULL);\nCREATE VIEW cheap AS SELECT id FROM items WHERE price < 10;\n");
        var diff = folder.Project().CompareSchemas(options: new SchemaOptions([dev]));
        Assert.False(diff.HasDifferences, string.Join("; ", diff.Differences.Select(d => d.Description)));
    }

    [SkippableFact]
    public void Mariadb_an_index_on_a_foreign_key_column_goes_in_and_out_past_innodbs_own_index()
    {
        var dev = databases.Create(TestDialect.MySql);
        using var folder = new FolderBuilder()
            .Config("""{ "dialects": ["mysql"] }""")
            .Add("m1", up: "CREATE TABLE parents (id int PRIMARY KEY);\nCREATE TABLE kids (id int PRIMARY KEY, parent_id int, CONSTRAINT kids_parent FOREIGN KEY (parent_id) REFERENCES parents (id));",
                down: "DROP TABLE kids;\nDROP TABLE parents;");
        folder.Schema("CREATE TABLE parents (id int PRIMARY KEY);\nCREATE TABLE kids (id int PRIMARY KEY, parent_id int, CONSTRAINT kids_parent FOREIGN KEY (parent_id) REFERENCES parents (id));\n" +
            "CREATE INDEX kids_by_parent ON kids (parent_id, id);\n");
        var project = folder.Project();
        var planned = project.PlanAutogenerate(new NewRevisionRequest("index"), null, new SchemaOptions([dev]), DateTimeOffset.UtcNow)!;
        Assert.DoesNotContain("DROP INDEX `kids_parent`", planned.Text[..planned.Text.IndexOf("-- +downgrade", StringComparison.Ordinal)]);
        project.WriteRevision(planned);

        var db = databases.Create(TestDialect.MySql);
        Assert.True(folder.Migrator(db).Upgrade().Succeeded);
        Assert.False(folder.Project().ForDatabase(db).CheckDrift(new SchemaOptions([dev])).HasDifferences);
        var down = folder.Migrator(db).Downgrade("m1");
        Assert.True(down.Succeeded, down.Failure?.Message);
        Assert.False(folder.Project().ForDatabase(db).CheckDrift(new SchemaOptions([dev])).HasDifferences);
    }

    [SkippableFact]
    public void Mariadb_a_view_on_a_table_named_like_its_database_shows_no_drift()
    {
        var (dev, db) = (databases.Create(TestDialect.MySql), databases.Create(TestDialect.MySql));
        var name = db[(db.LastIndexOf('/') + 1)..];
        using var folder = new FolderBuilder()
            .Config("""{ "dialects": ["mysql"] }""")
            .Add("m1", up: $"CREATE TABLE {name} (id int PRIMARY KEY, price int);\nCREATE VIEW cheap AS SELECT id FROM {name} WHERE price < 10;",
                down: $"DROP VIEW cheap;\nDROP TABLE {name};");
        Assert.True(folder.Migrator(db).Upgrade().Succeeded);
        var drift = folder.Project().ForDatabase(db).CheckDrift(new SchemaOptions([dev]));
        Assert.False(drift.HasDifferences, string.Join("; ", drift.Differences.Select(d => d.Description)));
    }
}
