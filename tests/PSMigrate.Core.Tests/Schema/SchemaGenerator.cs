using PSMigrate.Dialects;
using PSMigrate.Schema;

namespace PSMigrate.Tests.Schema;

/// <summary>
/// Random schemas within the model, in pairs: A, and B made from A by the changes a project
/// makes over time (tables and columns added and dropped, types widened, nullability, defaults,
/// indexes, unique constraints, foreign keys, checks, views, identity ids, SQLite triggers,
/// PostgreSQL enum values and sequences; generated columns on all three; SQLite's WITHOUT ROWID;
/// PostgreSQL's hash indexes, domains, functions, materialized views and a partitioned table whose
/// partitions B may add to; MySQL's FULLTEXT indexes). Every change keeps rows that fit A fitting B and back: added or dropped columns are
/// nullable or have a default, types only widen, foreign-key columns hold NULL, checks hold for
/// the values <see cref="Value"/> writes.
/// </summary>
internal sealed class SchemaGenerator(DialectKind dialect, int seed)
{
    private readonly Random _random = new(seed);
    private int _names;

    private string[] Types => dialect switch
    {
        DialectKind.Sqlite => ["INTEGER", "TEXT", "REAL", "NUMERIC"],
        DialectKind.PostgreSql => ["integer", "bigint", "text", "varchar(40)", "numeric(10,2)", "boolean", Mood, Amount],
        _ => ["int", "bigint", "varchar(40)", "decimal(10,2)", "date"],
    };

    /// <summary>The wider type a column may change to, or null.</summary>
    private string? Wider(string type) => (dialect, type) switch
    {
        (DialectKind.Sqlite, "INTEGER") => "NUMERIC",
        (DialectKind.Sqlite, "REAL") => "TEXT",
        (DialectKind.PostgreSql, "integer") => "bigint",
        (DialectKind.PostgreSql, "varchar(40)") => "text",
        (DialectKind.MySql, "int") => "bigint",
        (DialectKind.MySql, "varchar(40)") => "varchar(80)",
        _ => null,
    };

    /// <summary>PostgreSQL's enum type, in every schema; B may append a value to it.</summary>
    private const string Mood = "mood";

    /// <summary>PostgreSQL's domain, in every schema; B may loosen its check (every value written is at least zero).</summary>
    private const string Amount = "amount";

    private string IdType => dialect switch { DialectKind.Sqlite => "INTEGER", DialectKind.PostgreSql => "integer", _ => "int" };

    private bool Numeric(string type) => type.ToLowerInvariant() is "integer" or "int" or "bigint" or "real" or "numeric" or "numeric(10,2)" or "decimal(10,2)" or Amount;

    /// <summary>A value of a column's type for row <paramref name="row"/>: distinct per row, and at least zero.</summary>
    public static string Value(string type, int row) => type.ToLowerInvariant() switch
    {
        "boolean" => row % 2 == 0 ? "TRUE" : "FALSE",
        Mood => row % 2 == 0 ? "'a'" : "'b'",
        "date" => $"'2026-01-{row + 1:00}'",
        var t when t.StartsWith("varchar") || t == "text" => $"'v{row}'",
        _ => (row + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private string? DefaultFor(string type) => type.ToLowerInvariant() switch
    {
        "boolean" => "true",
        Mood => "'b'",
        "date" => null,
        var t when t.StartsWith("varchar") || t == "text" => "'x'",
        _ => "7",
    };

    public DatabaseSchema First()
    {
        var tables = new List<Table>();
        for (var i = 0; i < _random.Next(1, 5); i++) tables.Add(NewTable(tables));
        return new DatabaseSchema([.. tables, .. Partitioned(more: false)], RandomViews(tables), Enums(["a", "b"]), RandomSequences([]), RandomTriggers(tables), [])
        {
            Domains = Domains(0), Routines = Routines(1), MaterializedViews = RandomMaterialized(tables),
        };
    }

    public DatabaseSchema Next(DatabaseSchema a)
    {
        // The partitioned table and its partitions change only by a partition more; the rest as a project's tables do.
        var tables = a.Tables.Where(t => t.PartitionBy is null && t.PartitionOf is null).ToList();
        var partitioned = a.Tables.Any(t => t.PartitionBy is not null) ? Partitioned(more: _random.Next(2) == 0) : [];
        if (_random.Next(3) == 0) tables.Add(NewTable(tables));
        if (tables.Count > 1 && _random.Next(4) == 0)
        {
            var gone = tables[_random.Next(tables.Count)];
            tables.Remove(gone);
            tables = tables.Select(t => t with
            {
                ForeignKeys = t.ForeignKeys.Where(k => k.ReferencedTable != gone.Name).ToList(),
            }).ToList();
        }
        tables = tables.Select(t => _random.Next(3) == 0 ? t : Change(t, tables)).ToList();
        var moods = a.Enums.Count > 0 && _random.Next(3) == 0 ? [.. a.Enums[0].Values, "c"] : a.Enums.FirstOrDefault()?.Values ?? [];
        return new DatabaseSchema([.. tables, .. partitioned], RandomViews(tables), Enums(moods), RandomSequences(a.Sequences), RandomTriggers(tables), [])
        {
            Domains = Domains(_random.Next(2) == 0 ? 0 : -1), Routines = Routines(_random.Next(1, 3)), MaterializedViews = RandomMaterialized(tables),
        };
    }

    /// <summary>On PostgreSQL, a table partitioned by range of its id, with a partition that holds every row written, and perhaps a second.</summary>
    private IReadOnlyList<Table> Partitioned(bool more)
    {
        if (dialect != DialectKind.PostgreSql) return [];
        var parent = new Table("pt", [new Column("id", "", "integer", false, null, ColumnIdentity.None, null, null), new Column("note", "", "text", true, null, ColumnIdentity.None, null, null)],
            new PrimaryKey(null, ["id"]), [], [], [], [], null) { PartitionBy = "RANGE (id)" };
        Table Partition(string name, int from, int to) => new(name, [], null, [], [], [], [], null) { PartitionOf = "pt", PartitionBound = $"FOR VALUES FROM ({from}) TO ({to})" };
        return more ? [parent, Partition("pt_low", 0, 1000), Partition("pt_high", 1000, 2000)] : [parent, Partition("pt_low", 0, 1000)];
    }

    private IReadOnlyList<DomainType> Domains(int least) =>
        dialect == DialectKind.PostgreSql ? [new DomainType(Amount, "integer", null, false, [new CheckConstraint("amount_check", $"VALUE >= {least}")])] : [];

    private IReadOnlyList<Routine> Routines(int returns) => dialect == DialectKind.PostgreSql
        ? [new Routine("function", "answer()", $"CREATE OR REPLACE FUNCTION public.answer() RETURNS integer LANGUAGE sql AS $$ SELECT {returns} $$")]
        : [];

    /// <summary>On PostgreSQL, sometimes a materialized view over the first table, with an index.</summary>
    private IReadOnlyList<MaterializedView> RandomMaterialized(IReadOnlyList<Table> tables) =>
        dialect != DialectKind.PostgreSql || tables.Count == 0 || _random.Next(3) != 0 ? []
        : [new MaterializedView($"mv_{tables[0].Name}", $"SELECT id FROM {tables[0].Name}", [new TableIndex($"ix_mv_{tables[0].Name}", ["id"], true, null)])];

    private Table NewTable(IReadOnlyList<Table> existing)
    {
        var name = $"t{++_names}";
        var columns = new List<Column> { new("id", "", IdType, false, null, RandomIdentity(), null, null) };
        for (var i = 0; i < _random.Next(1, 4); i++) columns.Add(NewColumn(mayBeRequired: true));
        // A generated column over the id: stored on PostgreSQL (its only kind), either kind elsewhere;
        // MySQL computes none from an AUTO_INCREMENT column.
        if (_random.Next(3) == 0 && (dialect != DialectKind.MySql || columns[0].Identity == ColumnIdentity.None)) columns.Add(new Column($"g{++_names}", "", IdType, true, null, ColumnIdentity.None, null, null)
            { Generated = new GeneratedColumn("id * 2", Stored: dialect == DialectKind.PostgreSql || _random.Next(2) == 0) });
        var table = new Table(name, columns, new PrimaryKey(null, ["id"]), [], [], [], [], null,
            dialect == DialectKind.Sqlite && columns[0].Identity == ColumnIdentity.None && _random.Next(4) == 0 ? "WITHOUT ROWID" : null);
        if (existing.Count > 0 && _random.Next(2) == 0) table = WithKey(table, existing[_random.Next(existing.Count)]);
        if (_random.Next(3) == 0) table = WithUnique(table, table.Columns.Select(c => c.Name).ToHashSet());
        if (_random.Next(3) == 0) table = WithIndex(table);
        if (_random.Next(3) == 0) table = WithCheck(table);
        return table;
    }

    private Column NewColumn(bool mayBeRequired)
    {
        var type = Types[_random.Next(Types.Length)];
        var @default = _random.Next(2) == 0 ? DefaultFor(type) : null;
        var nullable = !mayBeRequired || _random.Next(2) == 0 || @default is null && !mayBeRequired;
        if (!mayBeRequired && !nullable && @default is null) nullable = true;
        return new Column($"c{++_names}", "", type, nullable, @default, ColumnIdentity.None, null, null);
    }

    /// <summary>One to three changes to a table that exists on both sides.</summary>
    private Table Change(Table table, IReadOnlyList<Table> all)
    {
        // Rows written before the upgrade fill the columns A has; only those may become required or unique.
        var filled = table.Columns.Select(c => c.Name).ToHashSet();
        // A column may go only if A's version of it can come back on a downgrade: nullable, or with a default.
        // ... and has no unique constraint in A, or its rows would all come back with the one default.
        var restorable = table.Columns.Where(c => (c.Nullable || c.Default is not null) && !table.Uniques.Any(u => u.Columns.Contains(c.Name)))
            .Select(c => c.Name).ToHashSet();
        for (var i = 0; i < _random.Next(1, 4); i++)
        {
            // Key columns hold NULL; generated ones change only by their expression.
            var plain = table.Columns.Where(c => c.Name != "id" && !c.Name.StartsWith("ref_", StringComparison.Ordinal) && c.Generated is null).ToList();
            var old = plain.Where(c => filled.Contains(c.Name)).ToList();
            switch (_random.Next(12))
            {
                case 9 when table.Options is null && (dialect != DialectKind.MySql || table.Columns.All(c => c.Generated is null)):
                    table = Replace(table, table.Columns[0] with { Identity = RandomIdentity() });
                    break;
                case 10 when table.Columns.FirstOrDefault(c => c.Generated is not null) is { } generated:
                    table = Replace(table, generated with { Generated = generated.Generated! with { Expression = generated.Generated.Expression == "id * 2" ? "id * 3" : "id * 2" } });
                    break;
                case 11 when dialect == DialectKind.Sqlite && table.Columns[0].Identity == ColumnIdentity.None:
                    table = table with { Options = table.Options is null ? "WITHOUT ROWID" : null };
                    break;
                case 0:
                    table = table with { Columns = [.. table.Columns, NewColumn(mayBeRequired: false) is var c && !c.Nullable && c.Default is null ? c with { Nullable = true } : c] };
                    break;
                // Nor one that is unique now: the downgrade of a later change may bring that constraint back.
                case 1 when plain.FirstOrDefault(c => (restorable.Contains(c.Name) || !filled.Contains(c.Name)) && !table.Uniques.Any(u => u.Columns.Contains(c.Name))) is { } gone:
                    table = Without(table, gone.Name);
                    break;
                case 2 when plain.FirstOrDefault(c => Wider(c.NativeType) is not null) is { } column:
                    table = Replace(table, column with { NativeType = Wider(column.NativeType)! });
                    break;
                case 3 when old.Count > 0:
                    var flip = old[_random.Next(old.Count)];
                    table = Replace(table, flip with { Nullable = !flip.Nullable });
                    break;
                case 4 when plain.Count > 0:
                    var column2 = plain[_random.Next(plain.Count)];
                    table = Replace(table, column2 with { Default = column2.Default is null ? DefaultFor(column2.NativeType) : null });
                    break;
                case 5:
                    table = table.Indexes.Count > 0 ? table with { Indexes = [] } : WithIndex(table);
                    break;
                case 6:
                    table = table.Uniques.Count > 0 ? table with { Uniques = [] } : WithUnique(table, filled);
                    break;
                case 7:
                    var parents = all.Where(t => t.Name != table.Name).ToList();
                    table = table.ForeignKeys.Count > 0 ? table with { ForeignKeys = [] }
                        : parents.Count > 0 ? WithKey(table, parents[_random.Next(parents.Count)]) : table;
                    break;
                case 8:
                    table = table.Checks.Count > 0 ? table with { Checks = [] } : WithCheck(table);
                    break;
            }
        }
        return table;
    }

    private static Table Replace(Table table, Column column) =>
        table with { Columns = table.Columns.Select(c => c.Name == column.Name ? column : c).ToList() };

    /// <summary>A table without a column, and without what stood on it.</summary>
    private static Table Without(Table table, string column) => table with
    {
        Columns = table.Columns.Where(c => c.Name != column).ToList(),
        Uniques = table.Uniques.Where(u => !u.Columns.Contains(column)).ToList(),
        Indexes = table.Indexes.Where(i => !i.Columns.Contains(column)).ToList(),
        Checks = table.Checks.Where(c => !c.Expression.Contains(column)).ToList(),
    };

    private Table WithKey(Table table, Table parent)
    {
        var column = new Column($"ref_{parent.Name}_{++_names}", "", IdType, true, null, ColumnIdentity.None, null, null);
        var action = _random.Next(3) switch { 0 => ReferentialAction.NoAction, 1 => ReferentialAction.Cascade, _ => ReferentialAction.SetNull };
        return table with
        {
            Columns = [.. table.Columns, column],
            ForeignKeys = [new ForeignKey($"fk_{table.Name}_{column.Name}", [column.Name], parent.Name, ["id"], action, ReferentialAction.NoAction)],
        };
    }

    private static Table WithUnique(Table table, IReadOnlySet<string> filled) =>
        table.Columns.FirstOrDefault(c => filled.Contains(c.Name) && c.Name != "id" && c.NativeType.ToLowerInvariant() is not ("boolean" or Mood) && !c.Name.StartsWith("ref_")) is { } column
            ? table with { Uniques = [new UniqueConstraint($"{table.Name}_{column.Name}_key", [column.Name])] }
            : table;

    private Table WithIndex(Table table)
    {
        var columns = table.Columns.Where(c => c.Name != "id").ToList();
        if (columns.Count == 0) return table;
        var column = columns[_random.Next(columns.Count)];
        var method = (dialect, column.NativeType) switch
        {
            (DialectKind.PostgreSql, _) when _random.Next(3) == 0 => "hash",
            (DialectKind.MySql, "varchar(40)" or "varchar(80)") when _random.Next(2) == 0 => "FULLTEXT",
            _ => null,
        };
        return table with { Indexes = [new TableIndex($"ix_{table.Name}_{column.Name}", [column.Name], false, null, method)] };
    }

    private Table WithCheck(Table table) =>
        table.Columns.FirstOrDefault(c => c.Name != "id" && Numeric(c.NativeType) && !c.Name.StartsWith("ref_")) is { } column
            ? table with { Checks = [new CheckConstraint($"{table.Name}_{column.Name}_check", $"{column.Name} >= 0")] }
            : table;

    /// <summary>Whether the id numbers itself; GENERATED ALWAYS only where PostgreSQL has it.</summary>
    private ColumnIdentity RandomIdentity() => _random.Next(dialect == DialectKind.PostgreSql ? 4 : 3) switch
    {
        0 => ColumnIdentity.ByDefault,
        3 => ColumnIdentity.Always,
        _ => ColumnIdentity.None,
    };

    /// <summary>On PostgreSQL, sequences of their own: kept, dropped, changed, or new.</summary>
    private IReadOnlyList<Sequence> RandomSequences(IReadOnlyList<Sequence> before)
    {
        if (dialect != DialectKind.PostgreSql) return [];
        var after = before.Where(_ => _random.Next(4) != 0)
            .Select(q => _random.Next(3) == 0 ? q with { Start = q.Start + 100, Increment = q.Increment + 4 } : q).ToList();
        if (_random.Next(2) == 0) after.Add(new Sequence($"seq{++_names}", _random.Next(1, 1000), _random.Next(1, 10)));
        return after;
    }

    private IReadOnlyList<EnumType> Enums(IReadOnlyList<string> values) =>
        dialect == DialectKind.PostgreSql && values.Count > 0 ? [new EnumType(Mood, values)] : [];

    /// <summary>
    /// On SQLite, a trigger on some tables, so table rebuilds must set them aside and bring them
    /// back (on PostgreSQL a trigger needs a function, which the model leaves alone).
    /// </summary>
    private IReadOnlyList<Trigger> RandomTriggers(IReadOnlyList<Table> tables) =>
        dialect != DialectKind.Sqlite ? [] : tables.Where(_ => _random.Next(3) == 0)
            .Select(t => new Trigger($"trg_{t.Name}", t.Name, $"CREATE TRIGGER trg_{t.Name} AFTER UPDATE ON {t.Name} BEGIN SELECT 1; END")).ToList();

    private IReadOnlyList<View> RandomViews(IReadOnlyList<Table> tables)
    {
        if (tables.Count == 0 || _random.Next(2) == 0) return [];
        var table = tables[0];
        var select = $"SELECT id FROM {table.Name}";
        return [new View($"v_{table.Name}", dialect == DialectKind.Sqlite ? $"CREATE VIEW v_{table.Name} AS {select}" : select)];
    }
}
