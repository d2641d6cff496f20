using PSMigrate.Tests.Support;

namespace PSMigrate.Tests.Schema;

/// <summary>
/// Real-shaped schemas (Schema/RealShaped, one per dialect: ours, shaped like the sample databases
/// teams use) through the whole schema flow: loaded by the database's own client, stamped with a
/// baseline made from the same file without drift, generated again from the live database into an
/// identical model, and edited up, down and up again with every row kept and no drift after each step.
/// </summary>
[Collection(DatabaseCollection.Name)]
public class RealShapedSchemaTests(TestDatabases databases)
{
    /// <summary>A schema file, edits to its text (what changes in the desired state), and a hand-written revision body where the model cannot render the change.</summary>
    private sealed record Shape(string File, (string Old, string New)[] Edits, string Appended, string? ByHand);

    public static IEnumerable<object[]> Dialects => TestDatabases.Dialects;

    private static Shape For(TestDialect dialect) => dialect switch
    {
        TestDialect.Sqlite => new("music.sqlite.sql",
            [("title NVARCHAR(160) NOT NULL", "title NVARCHAR(200) NOT NULL"), ("title NVARCHAR(30), ", ""),
             ("company NVARCHAR(80),", "company NVARCHAR(80), loyalty_points INTEGER NOT NULL DEFAULT 0,"),
             ("billing_country NVARCHAR(40),", "billing_country NVARCHAR(40), employee_id INTEGER REFERENCES employee (employee_id),")],
            """
            CREATE INDEX ix_invoice_date ON invoice (invoice_date);
            CREATE VIEW rock_tracks AS SELECT t.name FROM track t JOIN genre g ON g.genre_id = t.genre_id WHERE g.name = 'Rock';
            """, null),
        TestDialect.PostgreSql => new("rental.postgresql.sql",
            [("length smallint,", "length integer,"), ("postal_code varchar(10), ", ""),
             ("active boolean NOT NULL DEFAULT true,", "active boolean NOT NULL DEFAULT true, loyalty_points integer NOT NULL DEFAULT 0,"),
             ("CHECK (VALUE >= 1901 AND VALUE <= 2155)", "CHECK (VALUE >= 1888 AND VALUE <= 2155)")],
            """
            ALTER TABLE store ADD COLUMN manager_actor_id integer REFERENCES actor (actor_id);
            CREATE INDEX idx_customer_last_name ON customer (last_name);
            CREATE VIEW active_customers AS SELECT customer_id, email FROM customer WHERE active;
            CREATE TABLE payment_2026_03 PARTITION OF payment FOR VALUES FROM ('2026-03-01') TO ('2026-04-01');
            CREATE INDEX idx_payment_customer ON payment (customer_id);
            """, null),
        _ => new("rental.mysql.sql",
            [("title VARCHAR(128) NOT NULL", "title VARCHAR(255) NOT NULL"),
             ("active BOOLEAN NOT NULL DEFAULT TRUE,", "active BOOLEAN NOT NULL DEFAULT TRUE, loyalty_points INT NOT NULL DEFAULT 0,"),
             ("city VARCHAR(50) NOT NULL,\n  last_update", "city VARCHAR(50) NOT NULL, manager_actor_id SMALLINT UNSIGNED NULL,\n  last_update")],
            """
            ALTER TABLE store ADD CONSTRAINT fk_store_manager FOREIGN KEY (manager_actor_id) REFERENCES actor (actor_id);
            ALTER TABLE customer DROP COLUMN email;
            CREATE INDEX idx_rental_return ON rental (return_date);
            CREATE VIEW active_customers AS SELECT customer_id, last_name FROM customer WHERE active = 1;
            """,
            "ALTER TABLE payment_archive ADD PARTITION (PARTITION p2027 VALUES LESS THAN (2028));\n-- +downgrade\nALTER TABLE payment_archive DROP PARTITION p2027;"),
    };

    [SkippableTheory, MemberData(nameof(Dialects))]
    public void A_real_shaped_schema_stamps_without_drift_regenerates_identically_and_edits_up_down_and_up_keeping_every_row(TestDialect dialect)
    {
        var shape = For(dialect);
        var file = Repository.File("tests", "PSMigrate.Core.Tests", "Schema", "RealShaped", shape.File);
        var text = File.ReadAllText(file);
        var options = dialect == TestDialect.Sqlite ? new SchemaOptions() : new SchemaOptions([databases.Create(dialect)]);
        var name = dialect switch { TestDialect.Sqlite => "sqlite", TestDialect.PostgreSql => "postgresql", _ => "mysql" };
        var config = $$"""{ "dialects": ["{{name}}"] }""";

        // Loaded as a dump is, by the database's own client; then a baseline made from the same file is stamped.
        var live = databases.Create(dialect);
        databases.RunScript(live, file);
        var rows = Rows(live);
        Assert.True(rows.Values.Sum() >= 25, string.Join(", ", rows));
        using var folder = new FolderBuilder().Config(config).Raw("0001_baseline.sql", $"-- Revision: 0001\n-- Revises:\n-- Message: baseline\n\n-- +upgrade\n{text}\n");
        folder.Project().ForDatabase(live).Stamp(["0001"]);
        NoDrift(folder, live, options, "after stamping the baseline");

        // Generated again from the live database, the baseline builds the same model in an empty one.
        using (var regenerated = new FolderBuilder().Config(config))
        {
            var baseline = regenerated.Project().PlanAutogenerate(new NewRevisionRequest("baseline"), live, options, DateTimeOffset.UtcNow)!;
            regenerated.Project().WriteRevision(baseline);
            var replay = databases.Create(dialect);
            var built = regenerated.Migrator(replay).Upgrade();
            Assert.True(built.Succeeded, built.Failure?.Message + "\n" + baseline.Text);
            var same = regenerated.Project().CompareSchemas(replay, live, options);
            Assert.True(same.Differences.All(d => d.Kind == "NotModelled"), Describe(same));
        }

        // Edits: generated from the desired schema, then what the model cannot render, by hand.
        // The desired state is the file's DDL: its rows (every file ends with them) are the live database's business.
        var ddl = text[..text.IndexOf("\nINSERT INTO", StringComparison.Ordinal)];
        folder.Schema(shape.Edits.Aggregate(ddl, (t, e) => t.Contains(e.Old) ? t.Replace(e.Old, e.New) : throw new InvalidOperationException($"edit not found: {e.Old}")) + "\n" + shape.Appended);
        var edits = folder.Project().WriteRevision(folder.Project().PlanAutogenerate(new NewRevisionRequest("edits"), null, options, DateTimeOffset.UtcNow)!);
        if (shape.ByHand is { } byHand) folder.Raw("0003_by_hand.sql", $"-- Revision: 0003\n-- Revises: {edits.Revision}\n\n-- +upgrade\n{byHand}\n");

        foreach (var (step, target, down) in new[] { ("upgrade", "heads", false), ("downgrade", "0001", true), ("upgrade again", "heads", false) })
        {
            var run = down ? folder.Migrator(live).Downgrade(target) : folder.Migrator(live).Upgrade(target);
            Assert.True(run.Succeeded, $"{step}: {run.Failure?.Message}\n{File.ReadAllText(edits.FilePath)}");
            var now = Rows(live);
            foreach (var (table, count) in rows) Assert.True(now.GetValueOrDefault(table) == count, $"{step}: {table} has {now.GetValueOrDefault(table)} rows, had {count}");
            NoDrift(folder, live, options, step);
        }
    }

    private static void NoDrift(FolderBuilder folder, string database, SchemaOptions options, string when)
    {
        var drift = folder.Project().ForDatabase(database).CheckDrift(options);
        Assert.False(drift.HasDifferences, $"{when}: {Describe(drift)}");
    }

    private static string Describe(SchemaDiff diff) => string.Join("; ", diff.Differences.Select(d => d.Description));

    /// <summary>Every base table's row count, PSMigrate's own tables aside.</summary>
    private static Dictionary<string, long> Rows(string database)
    {
        var probe = new DbProbe(database);
        var tables = probe.Strings(probe.Dialect switch
        {
            PSMigrate.Dialects.DialectKind.Sqlite => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name NOT LIKE 'psmigrate%'",
            PSMigrate.Dialects.DialectKind.PostgreSql => "SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND relname NOT LIKE 'psmigrate%'",
            _ => "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME NOT LIKE 'psmigrate%'",
        });
        return tables.ToDictionary(t => t, t => probe.Scalar($"SELECT COUNT(*) FROM {t}"));
    }
}
