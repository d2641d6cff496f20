using System.Data.Common;
using System.Text.RegularExpressions;
using PSMigrate.Schema;
using PSMigrate.Schema.Inspection;

namespace PSMigrate.Dialects.MySql;

/// <summary>MySQL and MariaDB from information_schema, one query per kind of object over the current database.</summary>
internal sealed partial class MySqlInspector : SchemaInspector
{
    public override DatabaseSchema Inspect(DbConnection connection, IReadOnlySet<string> ignored)
    {
        bool Kept(object? table) => !ignored.Contains(Text(table)!);

        var tableRows = Rows(connection, """
            SELECT TABLE_NAME, TABLE_COLLATION, TABLE_COMMENT, ENGINE FROM information_schema.TABLES
            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME
            """).Where(r => Kept(r[0])).ToList();
        var columns = Rows(connection, """
            SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, COLLATION_NAME, COLUMN_COMMENT, GENERATION_EXPRESSION
            FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION
            """);
        var constraints = Rows(connection, """
            SELECT tc.TABLE_NAME, tc.CONSTRAINT_NAME, tc.CONSTRAINT_TYPE, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME,
                   rc.DELETE_RULE, rc.UPDATE_RULE
            FROM information_schema.TABLE_CONSTRAINTS tc
            LEFT JOIN information_schema.KEY_COLUMN_USAGE k
              ON k.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND k.TABLE_NAME = tc.TABLE_NAME AND k.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
            LEFT JOIN information_schema.REFERENTIAL_CONSTRAINTS rc
              ON rc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND rc.TABLE_NAME = tc.TABLE_NAME AND rc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
            WHERE tc.TABLE_SCHEMA = DATABASE()
            ORDER BY tc.TABLE_NAME, tc.CONSTRAINT_NAME, k.ORDINAL_POSITION
            """);
        var checks = Rows(connection, """
            SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS
            WHERE CONSTRAINT_SCHEMA = DATABASE() ORDER BY CONSTRAINT_NAME
            """);
        var statistics = Rows(connection, """
            SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SUB_PART, INDEX_TYPE FROM information_schema.STATISTICS
            WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX
            """);

        // Partitioning, as the clause that makes it, from information_schema.PARTITIONS.
        var partitions = Rows(connection, """
            SELECT TABLE_NAME, PARTITION_METHOD, PARTITION_EXPRESSION, PARTITION_NAME, PARTITION_DESCRIPTION FROM information_schema.PARTITIONS
            WHERE TABLE_SCHEMA = DATABASE() AND PARTITION_NAME IS NOT NULL ORDER BY TABLE_NAME, PARTITION_ORDINAL_POSITION
            """).GroupBy(r => Text(r[0])!).ToDictionary(g => g.Key, g => PartitionClause(g.ToList()));

        var tables = tableRows.Select(t =>
        {
            var name = Text(t[0])!;
            var tableCollation = Text(t[1]);
            var own = constraints.Where(r => Text(r[0]) == name).ToList();
            IReadOnlyList<string> Cols(string constraint) => own.Where(r => Text(r[1]) == constraint && r[3] is not null).Select(r => Text(r[3])!).ToList();
            var uniqueNames = own.Where(r => Text(r[2]) == "UNIQUE").Select(r => Text(r[1])!).Distinct().ToList();
            var pk = own.Any(r => Text(r[2]) == "PRIMARY KEY") ? new PrimaryKey(null, Cols("PRIMARY")) : null;
            var keys = own.Where(r => Text(r[2]) == "FOREIGN KEY").GroupBy(r => Text(r[1])!)
                .Select(g => new ForeignKey(g.Key, g.Select(r => Text(r[3])!).ToList(), Text(g.First()[4])!, g.Select(r => Text(r[5])!).ToList(),
                    Action(Text(g.First()[6])), Action(Text(g.First()[7]))))
                .OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
            return new Table(name,
                columns.Where(r => Text(r[0]) == name).Select(r =>
                {
                    var native = Text(r[2])!;
                    var collation = Text(r[6]);
                    var extra = Text(r[5])!;
                    var generated = extra.Contains("VIRTUAL GENERATED", StringComparison.OrdinalIgnoreCase) || extra.Contains("STORED GENERATED", StringComparison.OrdinalIgnoreCase)
                        ? new GeneratedColumn(Text(r[8])!, extra.Contains("STORED", StringComparison.OrdinalIgnoreCase)) : null;
                    return new Column(Text(r[1])!, Neutral(native), native, Text(r[3]) == "YES", generated is null ? Default(Text(r[4])) : null,
                        extra.Contains("auto_increment", StringComparison.OrdinalIgnoreCase) ? ColumnIdentity.ByDefault : ColumnIdentity.None,
                        collation == tableCollation ? null : collation, Text(r[7]) is { Length: > 0 } comment ? comment : null) { Generated = generated };
                }).ToList(),
                pk,
                uniqueNames.Select(u => new UniqueConstraint(u, Cols(u))).OrderBy(u => u.Name, StringComparer.Ordinal).ToList(),
                statistics.Where(r => Text(r[0]) == name && Text(r[1]) != "PRIMARY" && !uniqueNames.Contains(Text(r[1])!))
                    .GroupBy(r => Text(r[1])!)
                    .Select(g => new TableIndex(g.Key, g.Select(r => r[4] is null ? Text(r[3])! : $"{Text(r[3])}({Text(r[4])})").ToList(),
                        Convert.ToInt64(g.First()[2]) == 0, null, Text(g.First()[5]) is "FULLTEXT" or "SPATIAL" ? Text(g.First()[5]) : null))
                    .Where(i => !keys.Any(k => IsImplicitIndex(i, k)))
                    .OrderBy(i => i.Name, StringComparer.Ordinal).ToList(),
                keys,
                checks.Where(r => Text(r[0]) == name).Select(r => new CheckConstraint(Text(r[1])!, SqlText.Normalize(Text(r[2])!)))
                    .OrderBy(c => c.Name, StringComparer.Ordinal).ToList(),
                Text(t[2]) is { Length: > 0 } tableComment ? tableComment : null,
                // The storage engine, when it is not InnoDB, the default every MySQL and MariaDB ships with.
                Text(t[3]) is { } engine && !engine.Equals("InnoDB", StringComparison.OrdinalIgnoreCase) ? "ENGINE=" + engine : null)
                { PartitionBy = partitions.GetValueOrDefault(name) };
        }).ToList();

        var database = Text(Rows(connection, "SELECT DATABASE()")[0][0])!;
        var views = Rows(connection, "SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME")
            .Select(r => new View(Text(r[0])!, SqlText.Normalize(WithoutDatabase(Text(r[1])!, database)))).ToList();
        var triggers = Rows(connection, """
            SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_STATEMENT
            FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() ORDER BY TRIGGER_NAME
            """).Where(r => Kept(r[1]))
            .Select(r => new Trigger(Text(r[0])!, Text(r[1])!, SqlText.Normalize($"{Text(r[2])} {Text(r[3])} FOR EACH ROW {Text(r[4])}"))).ToList();
        // Everything else the catalogs hold in this database, by kind, name and definition: listed and
        // compared, never rendered, so no difference among them is silently equal.
        var unmanaged = Rows(connection, """
            SELECT LOWER(ROUTINE_TYPE), ROUTINE_NAME, ROUTINE_DEFINITION FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()
            UNION ALL
            SELECT 'event', EVENT_NAME, CONCAT_WS(' ', EVENT_TYPE, INTERVAL_VALUE, INTERVAL_FIELD, STATUS, EVENT_DEFINITION)
            FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE()
            """)
            .Select(r => new UnmanagedObject(Text(r[0])!, Text(r[1])!, Text(r[2])))
            .OrderBy(u => u.Kind, StringComparer.Ordinal).ThenBy(u => u.Name, StringComparer.Ordinal).ToList();
        return new DatabaseSchema(tables, views, [], [], triggers, unmanaged);
    }

    /// <summary>A table's partitions as what follows PARTITION BY: RANGE and LIST with each partition's values, HASH and KEY by count.</summary>
    private static string PartitionClause(IReadOnlyList<object?[]> rows)
    {
        var method = Text(rows[0][1])!;
        var expression = Text(rows[0][2]) ?? "";
        string Values(object?[] r) => Text(r[4]) is "MAXVALUE" ? "MAXVALUE" : $"({Text(r[4])})";
        return method.ToUpperInvariant() switch
        {
            var m when m.StartsWith("RANGE", StringComparison.Ordinal) =>
                $"{m} ({expression}) ({string.Join(", ", rows.Select(r => $"PARTITION {Text(r[3])} VALUES LESS THAN {Values(r)}"))})",
            var m when m.StartsWith("LIST", StringComparison.Ordinal) =>
                $"{m} ({expression}) ({string.Join(", ", rows.Select(r => $"PARTITION {Text(r[3])} VALUES IN ({Text(r[4])})"))})",
            var m => $"{m} ({expression}) PARTITIONS {rows.Count}",
        };
    }

    /// <summary>
    /// The index InnoDB makes for a foreign key that no other index serves: named after the key,
    /// on its columns. InnoDB creates and drops it by itself, so it is no part of the schema (the
    /// renderer keeps InnoDB's rules where they bite).
    /// </summary>
    private static bool IsImplicitIndex(TableIndex index, ForeignKey key) =>
        index.Name.Equals(key.Name, StringComparison.OrdinalIgnoreCase)
        && index.Columns.SequenceEqual(key.Columns, StringComparer.OrdinalIgnoreCase);

    /// <summary>MariaDB writes "no default" as the text NULL.</summary>
    private static string? Default(string? value) => value is null || value.Equals("NULL", StringComparison.OrdinalIgnoreCase) ? null : value;

    [GeneratedRegex(@"`[^`]*`(\.`[^`]*`)+")]
    private static partial Regex QualifiedName();

    /// <summary>
    /// A view's definition as MySQL stores it names its own database on every table and column
    /// (`db`.`t`, `db`.`t`.`c`); without it, a scratch database compares equal to the real one. Only
    /// the leading part of a dotted name is the database: a table named like it keeps its name.
    /// </summary>
    private static string WithoutDatabase(string definition, string database)
    {
        var prefix = $"`{database}`.";
        return QualifiedName().Replace(definition, m => m.Value.StartsWith(prefix, StringComparison.Ordinal) ? m.Value[prefix.Length..] : m.Value);
    }
}
