using PSMigrate.Tests.Support;

namespace PSMigrate.Tests.Checks;

/// <summary>
/// Snapshots as teams make them: the database's own dump tool, run with its defaults against a
/// real database at an old release (pg_dump's COPY rows and \restrict lines, mariadb-dump's
/// DELIMITER ;; triggers and routines), with queries on the old state before the upgrade.
/// </summary>
[Collection(DatabaseCollection.Name)]
public class SnapshotDumpTests(TestDatabases databases)
{
    private static CheckResult Snapshot(IReadOnlyList<CheckResult> results, string file) =>
        Assert.Single(results, r => r.Check == "snapshot" && r.Revision == file);

    [SkippableFact]
    public void A_default_pg_dump_loads_with_its_copy_rows_and_before_and_check_queries_hold()
    {
        var old = databases.Create(TestDialect.PostgreSql);
        using var folder = new FolderBuilder()
            .Config("""{ "dialects": ["postgresql"] }""")
            .Add("r1", up: """
                CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL, updated timestamp);
                CREATE TABLE orders (id integer PRIMARY KEY, user_id integer REFERENCES users (id), note text);
                CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  NEW.updated := now();
                  RETURN NEW;
                END;
                $$;
                CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
                """, down: "DROP TABLE orders;\nDROP TABLE users;\nDROP FUNCTION touch();");
        folder.Migrator(old).Upgrade().ThrowIfFailed();
        new DbProbe(old).Execute("INSERT INTO users (id, name) VALUES (1, 'Ada'), (2, 'Grace')");
        // Rows COPY must escape: a tab, a newline, a backslash, and NULL.
        new DbProbe(old).Execute("INSERT INTO orders VALUES (1, 1, E'tab\\there'), (2, 2, E'two\\nlines \\\\ slash'), (3, NULL, NULL)");

        var snapshots = Directory.CreateDirectory(System.IO.Path.Combine(folder.Path, "snapshots")).FullName;
        var dump = System.IO.Path.Combine(snapshots, "release-1.postgresql.sql");
        PgDump(old, dump);
        var text = File.ReadAllText(dump);
        Assert.Contains("COPY public.orders (id, user_id, note) FROM stdin;", text);
        Assert.StartsWith("\\restrict ", text.Split('\n').First(l => l.StartsWith('\\'))); // pg_dump 15.14 and later guard psql so
        // A dump from production names production's roles, which the dev server lacks.
        File.AppendAllText(dump, "ALTER TABLE public.users OWNER TO reporting_owner;\nGRANT SELECT ON TABLE public.users TO reporting;\n");
        File.WriteAllText(System.IO.Path.Combine(snapshots, "release-1.before.sql"),
            "-- the migration has not run: the column is missing\nSELECT 1 FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'email';\n");
        File.WriteAllText(System.IO.Path.Combine(snapshots, "release-1.check.sql"),
            "SELECT id FROM users WHERE email IS NULL;\nSELECT 1 WHERE (SELECT string_agg(coalesce(note, 'NULL'), '|' ORDER BY id) FROM orders) <> E'tab\\there|two\\nlines \\\\ slash|NULL';\n");
        folder.Add("r2", "r1", up: "ALTER TABLE users ADD COLUMN email text;\nUPDATE users SET email = lower(name) || '@example.com';",
            down: "ALTER TABLE users DROP COLUMN email;");
        var dev = databases.Create(TestDialect.PostgreSql);

        var passed = Snapshot(folder.Project().Test(new TestOptions([dev])), "release-1.postgresql.sql");
        Assert.True(passed.Status == CheckStatus.Passed, passed.Message);
        Assert.Equal("postgresql", passed.Dialect);

        // The before queries see the snapshot as it was: one that finds rows fails, naming its file and line.
        File.WriteAllText(System.IO.Path.Combine(snapshots, "release-1.before.sql"), "\nSELECT name FROM users WHERE id = 2;\n");
        var failed = Snapshot(folder.Project().Test(new TestOptions([dev])), "release-1.postgresql.sql");
        Assert.Equal(CheckStatus.Failed, failed.Status);
        Assert.Contains("release-1.before.sql:2: the check returned rows, the first (Grace)", failed.Message);
    }

    [SkippableFact]
    public void A_broken_dump_is_a_failed_result_naming_its_file_and_line_never_a_crash()
    {
        var dev = databases.Create(TestDialect.PostgreSql);
        using var folder = new FolderBuilder()
            .Config("""{ "dialects": ["postgresql"] }""")
            .Add("r1", up: "CREATE TABLE t (id integer PRIMARY KEY);", down: "DROP TABLE t;");
        var snapshots = Directory.CreateDirectory(System.IO.Path.Combine(folder.Path, "snapshots")).FullName;
        File.WriteAllText(System.IO.Path.Combine(snapshots, "bad-rows.postgresql.sql"),
            "\\restrict abc\nCREATE TABLE t (id integer PRIMARY KEY);\n\nCOPY public.t (id) FROM stdin;\n1\nnot a number\n\\.\n\\unrestrict abc\n");
        File.WriteAllText(System.IO.Path.Combine(snapshots, "connect.postgresql.sql"), "SELECT 1;\n\\connect other\n");
        File.WriteAllText(System.IO.Path.Combine(snapshots, "endless.postgresql.sql"), "COPY public.t (id) FROM stdin;\n1\n");

        var results = folder.Project().Test(new TestOptions([dev]));

        var rows = Snapshot(results, "bad-rows.postgresql.sql");
        Assert.Equal(CheckStatus.Failed, rows.Status);
        Assert.Matches(@"bad-rows\.postgresql\.sql:4: .*invalid input syntax for type integer", rows.Message);
        Assert.Contains("connect.postgresql.sql:2: psql's \\connect cannot run here", Snapshot(results, "connect.postgresql.sql").Message);
        Assert.Contains("endless.postgresql.sql:1: the rows of this COPY never end", Snapshot(results, "endless.postgresql.sql").Message);
    }

    [SkippableFact]
    public void A_mariadb_dump_with_a_trigger_and_a_procedure_loads_as_the_mysql_client_loads_it()
    {
        var old = databases.Create(TestDialect.MySql);
        using var folder = new FolderBuilder()
            .Config("""{ "dialects": ["mysql"] }""")
            .Add("r1", up: """
                CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL);
                CREATE TABLE audit (id INT AUTO_INCREMENT PRIMARY KEY, user_id INT, what VARCHAR(20));
                CREATE TRIGGER users_audit AFTER INSERT ON users FOR EACH ROW
                BEGIN
                  INSERT INTO audit (user_id, what) VALUES (NEW.id, 'insert');
                END;
                CREATE PROCEDURE user_count(OUT n INT)
                BEGIN
                  SELECT COUNT(*) INTO n FROM users;
                END;
                """, down: "DROP PROCEDURE user_count;\nDROP TABLE audit;\nDROP TABLE users;");
        folder.Migrator(old).Upgrade().ThrowIfFailed();
        new DbProbe(old).Execute("INSERT INTO users VALUES (1, 'Ada'), (2, 'O''Brien; \\\\ tab\\t')");

        var snapshots = Directory.CreateDirectory(System.IO.Path.Combine(folder.Path, "snapshots")).FullName;
        var dump = System.IO.Path.Combine(snapshots, "release-1.mysql.sql");
        var name = new Uri(old).AbsolutePath.Trim('/');
        databases.MariaDb.Dump(dump, "--routines", name);
        Assert.Contains("DELIMITER ;;", File.ReadAllText(dump));
        File.WriteAllText(System.IO.Path.Combine(snapshots, "release-1.before.sql"),
            "SELECT 1 FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'users' AND COLUMN_NAME = 'email';\n");
        File.WriteAllText(System.IO.Path.Combine(snapshots, "release-1.check.sql"), """
            SELECT 1 FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND TRIGGER_NAME = 'users_audit');
            SELECT 1 FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() AND ROUTINE_NAME = 'user_count');
            SELECT 1 FROM DUAL WHERE (SELECT COUNT(*) FROM audit) <> 2;
            SELECT id FROM users WHERE email IS NULL;
            SELECT 1 FROM DUAL WHERE (SELECT name FROM users WHERE id = 2) <> 'O''Brien; \\ tab\t';
            """);
        folder.Add("r2", "r1", up: "ALTER TABLE users ADD COLUMN email VARCHAR(80);\nUPDATE users SET email = CONCAT(LOWER(id), '@example.com');",
            down: "ALTER TABLE users DROP COLUMN email;");

        var result = Snapshot(folder.Project().Test(new TestOptions([databases.Create(TestDialect.MySql)])), "release-1.mysql.sql");
        Assert.True(result.Status == CheckStatus.Passed, result.Message);
    }

    private static void PgDump(string address, string file)
    {
        var uri = new Uri(address);
        var bin = PostgresServer.FindBinaries()!;
        ProcessRunner.Run(System.IO.Path.Combine(bin, "pg_dump"),
            ["-h", uri.Host, "-p", uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", "-f", file, uri.AbsolutePath.Trim('/')],
            environment: new() { ["PGPASSWORD"] = PostgresServer.Password });
    }
}
