using System.Data.Common;
using PSMigrate.Dialects;
using PSMigrate.Schema;
using PSMigrate.Schema.Comparison;
using PSMigrate.Schema.Inspection;
using PSMigrate.Schema.Rendering;
using PSMigrate.Tests.Support;

namespace PSMigrate.Tests.Schema;

/// <summary>
/// The schema pipeline's promise, on random pairs of schemas: build A, fill it with rows, run the
/// generated upgrade, and the database inspects as B does; run the generated downgrade, and it
/// inspects as A does; the rows of the tables on both sides are still there, with the values of
/// every column both sides have.
/// </summary>
[Collection(DatabaseCollection.Name)]
public class SchemaRoundTripTests(TestDatabases databases)
{
    private const int RowsPerTable = 3;

    public static IEnumerable<object[]> Runs =>
    [
        [TestDialect.Sqlite, 200],
        [TestDialect.PostgreSql, 30],
        [TestDialect.MySql, 30],
    ];

    [SkippableTheory, MemberData(nameof(Runs))]
    public void Generated_upgrades_and_downgrades_reach_the_other_schema_and_keep_the_rows(TestDialect testDialect, int pairs)
    {
        var dialect = DatabaseAddress.Parse(databases.Create(testDialect)).Dialect;
        for (var seed = 1; seed <= pairs; seed++)
        {
            var generator = new SchemaGenerator(dialect, seed);
            var a = generator.First();
            var b = generator.Next(a);
            try
            {
                RoundTrip(testDialect, dialect, a, b);
            }
            catch (Exception e) when (e is not Xunit.SkipException)
            {
                throw new Xunit.Sdk.XunitException($"{testDialect} pair with seed {seed} failed: {e.Message}\n{e}");
            }
        }
    }

    private void RoundTrip(TestDialect testDialect, DialectKind dialect, DatabaseSchema a, DatabaseSchema b)
    {
        var comparer = new SchemaComparer(SqlDialect.For(dialect).Names);
        var renderer = SqlDialect.For(dialect).Renderer;
        // A and B as the database makes them, from the renderer's CREATE statements.
        var expectedA = Build(testDialect, dialect, a, comparer, renderer);
        var expectedB = Build(testDialect, dialect, b, comparer, renderer);

        var db = databases.Create(testDialect);
        Apply(db, dialect, renderer.Render(comparer.Compare(DatabaseSchema.Empty, expectedA), DatabaseSchema.Empty, expectedA));
        var names = SqlDialect.For(dialect).Names;
        // Per table on both sides, the columns both sides have with one type: their values must survive both ways.
        var kept = expectedA.Tables.Where(t => t.PartitionOf is null)
            .Select(t => (Table: t, Twin: expectedB.Tables.FirstOrDefault(u => names.Equals(u.Name, t.Name))))
            .Where(p => p.Twin is not null)
            .ToDictionary(p => p.Table.Name, p => string.Join(", ", p.Table.Columns
                .Where(c => c.Generated is null && p.Twin!.Columns.Any(d => names.Equals(d.Name, c.Name) && SchemaComparer.SameType(d.NativeType, c.NativeType) && d.Generated is null))
                .Select(c => c.Name)));
        Fill(db, dialect, expectedA);
        var probe = new DbProbe(db);
        var rows = kept.ToDictionary(k => k.Key, k => probe.Rows(k.Key, k.Value, "id"));
        Assert.All(rows.Values, r => Assert.Equal(RowsPerTable, r.Length));

        Apply(db, dialect, renderer.Render(comparer.Compare(expectedA, expectedB), expectedA, expectedB));
        AssertSame(comparer, expectedB, Inspect(db, dialect), "after the upgrade");
        foreach (var (table, columns) in kept) Assert.Equal(rows[table], probe.Rows(table, columns, "id"));

        Apply(db, dialect, renderer.Render(comparer.Compare(expectedB, expectedA), expectedB, expectedA));
        AssertSame(comparer, expectedA, Inspect(db, dialect), "after the downgrade");
        foreach (var (table, columns) in kept) Assert.Equal(rows[table], probe.Rows(table, columns, "id"));
    }

    private DatabaseSchema Build(TestDialect testDialect, DialectKind dialect, DatabaseSchema model, SchemaComparer comparer, SchemaRenderer renderer)
    {
        var db = databases.Create(testDialect);
        Apply(db, dialect, renderer.Render(comparer.Compare(DatabaseSchema.Empty, model), DatabaseSchema.Empty, model));
        return Inspect(db, dialect);
    }

    private static void AssertSame(SchemaComparer comparer, DatabaseSchema expected, DatabaseSchema actual, string when)
    {
        var left = comparer.Compare(actual, expected);
        Assert.True(left.Count == 0, $"{when}, the database still differs: {string.Join("; ", left.Select(c => c.Describe()))}");
        // The whole model too, so that what the comparer might overlook cannot hide; only the order
        // of columns may differ (ADD COLUMN appends, as in every database).
        Assert.Equal(Canonical(expected), Canonical(actual));
    }

    private static string Canonical(DatabaseSchema schema) => SchemaJson.Write(schema with
    {
        Tables = schema.Tables.Select(t => t with { Columns = t.Columns.OrderBy(c => c.Name, StringComparer.Ordinal).ToList() }).ToList(),
    }, "any");

    private static DbConnection Open(string db, DialectKind dialect) =>
        SqlDialect.For(dialect).Driver.Open(DatabaseAddress.Parse(db), readOnly: false, TimeSpan.FromSeconds(30))!;

    private static DatabaseSchema Inspect(string db, DialectKind dialect)
    {
        using var connection = Open(db, dialect);
        return SqlDialect.For(dialect).Inspector.Inspect(connection, new HashSet<string>());
    }

    /// <summary>Runs statements as a revision would; on SQLite with foreign keys off and a clean foreign-key check at the end.</summary>
    private static void Apply(string db, DialectKind dialect, IReadOnlyList<RenderedStatement> statements)
    {
        using var connection = Open(db, dialect);
        if (dialect == DialectKind.Sqlite) Execute(connection, "PRAGMA foreign_keys = OFF");
        foreach (var statement in statements.Where(s => !s.Note))
        {
            try { Execute(connection, statement.Sql); }
            catch (DbException e) { throw new InvalidOperationException($"{e.Message}\nin: {statement.Sql}\nof:\n{SchemaWorkbench.Script(statements)}", e); }
        }
        if (dialect == DialectKind.Sqlite)
        {
            using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA foreign_key_check";
            using var reader = check.ExecuteReader();
            Assert.False(reader.Read(), "a foreign key dangles after the change");
        }
    }

    /// <summary>Rows in every table, a value in every column but the foreign keys (NULL: they point nowhere).</summary>
    private static void Fill(string db, DialectKind dialect, DatabaseSchema schema)
    {
        using var connection = Open(db, dialect);
        // A partition takes its rows through its parent.
        foreach (var table in schema.Tables.Where(t => t.PartitionOf is null))
        {
            var columns = table.Columns.Where(c => c.Generated is null && !table.ForeignKeys.Any(k => k.Columns.Contains(c.Name))).ToList();
            for (var row = 0; row < RowsPerTable; row++)
                Execute(connection, $"INSERT INTO {table.Name} ({string.Join(", ", columns.Select(c => c.Name))}) " +
                                    (table.Columns.Any(c => c.Identity == ColumnIdentity.Always) ? "OVERRIDING SYSTEM VALUE " : "") + "VALUES " +
                                    $"({string.Join(", ", columns.Select(c => c.Name == "id" ? (row + 1).ToString() : SchemaGenerator.Value(c.NativeType, row)))})");
        }
    }

    private static void Execute(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
