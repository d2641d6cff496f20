using System.Data.Common;
using PSMigrate.Schema;
using PSMigrate.Schema.Inspection;

namespace PSMigrate.Dialects.Sqlite;

/// <summary>
/// SQLite from sqlite_master and its pragmas (table_xinfo, index_list, index_info,
/// foreign_key_list), each joined to sqlite_master: a query per kind of object, not per table. SQLite keeps CHECK constraints and collations only in the CREATE TABLE
/// text, so those are read from it.
/// </summary>
internal sealed partial class SqliteInspector : SchemaInspector
{
    [System.Text.RegularExpressions.GeneratedRegex(@"\s+ASC$", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex AscendingByDefault();

    public override DatabaseSchema Inspect(DbConnection connection, IReadOnlySet<string> ignored)
    {
        var objects = Rows(connection, "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
            .Select(r => (Type: Text(r[0])!, Name: Text(r[1])!, Table: Text(r[2])!, Sql: Text(r[3])))
            .ToList();
        // A virtual table (FTS5, R*Tree) and the shadow tables its module keeps are not tables the model can build: listed instead.
        var virtualTables = objects.Where(o => o.Type == "table" && o.Sql?.StartsWith("CREATE VIRTUAL TABLE", StringComparison.OrdinalIgnoreCase) == true).ToList();
        bool Shadow(string name) => virtualTables.Any(v => name.StartsWith(v.Name + "_", StringComparison.OrdinalIgnoreCase));
        var tables = objects.Where(o => o.Type == "table" && !ignored.Contains(o.Name) && !virtualTables.Contains(o) && !Shadow(o.Name)).ToList();
        var indexSql = objects.Where(o => o.Type == "index" && o.Sql is not null).ToDictionary(o => o.Name, o => o.Sql!, StringComparer.OrdinalIgnoreCase);

        // One query per kind of object, the pragmas joined to sqlite_master, grouped by table here.
        const string eachTable = "FROM sqlite_master m JOIN {0} WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'";
        ILookup<string, object?[]> ByTable(string pragma, string columns) =>
            Rows(connection, $"SELECT m.name, {columns} {string.Format(System.Globalization.CultureInfo.InvariantCulture, eachTable, pragma)}")
                .ToLookup(r => Text(r[0])!, StringComparer.OrdinalIgnoreCase);
        var columns = ByTable("pragma_table_xinfo(m.name) p", "p.cid, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk, p.hidden");
        var indexes = ByTable("pragma_index_list(m.name) il", "il.name, il.\"unique\", il.origin");
        var uniqueColumns = Rows(connection, "SELECT il.name, ii.seqno, ii.name " + string.Format(System.Globalization.CultureInfo.InvariantCulture, eachTable,
                "pragma_index_list(m.name) il JOIN pragma_index_info(il.name) ii") + " AND il.origin = 'u'")
            .ToLookup(r => Text(r[0])!, StringComparer.OrdinalIgnoreCase);
        var keys = ByTable("pragma_foreign_key_list(m.name) f", "f.id, f.seq, f.\"table\", f.\"from\", f.\"to\", f.on_update, f.on_delete");

        var primaryKeys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        var read = tables.Select(t => ReadTable(t.Name, t.Sql ?? "", columns[t.Name].ToList(), indexes[t.Name].ToList(), uniqueColumns, keys[t.Name].ToList(),
            indexSql, primaryKeys)).ToList();
        // A foreign key that names no columns refers to the parent's primary key.
        read = read.Select(t => t with
        {
            ForeignKeys = t.ForeignKeys.Select(fk => fk.ReferencedColumns.Count > 0 || !primaryKeys.TryGetValue(fk.ReferencedTable, out var pk) ? fk : fk with { ReferencedColumns = pk }).ToList(),
        }).ToList();
        return new DatabaseSchema(read,
            objects.Where(o => o.Type == "view").Select(o => new View(o.Name, SqlText.Normalize(o.Sql!))).ToList(),
            [], [],
            objects.Where(o => o.Type == "trigger").Select(o => new Trigger(o.Name, o.Table, SqlText.Normalize(o.Sql!))).ToList(),
            virtualTables.Select(v => new UnmanagedObject("virtual table", v.Name, SqlText.Normalize(v.Sql!))).ToList());
    }

    /// <summary>One table from its rows of each pragma (each row starts with the table's name).</summary>
    private static Table ReadTable(string name, string sql, List<object?[]> columnRows, List<object?[]> indexRows, ILookup<string, object?[]> uniqueColumns,
        List<object?[]> keyRows, IReadOnlyDictionary<string, string> indexSql, Dictionary<string, IReadOnlyList<string>> primaryKeys)
    {
        var definition = TableDefinition.Parse(sql);
        var withoutRowId = definition.Options?.Contains("WITHOUT ROWID", StringComparison.Ordinal) == true;
        // table_xinfo: hidden 0 is a plain column, 2 a virtual and 3 a stored generated one (1 is a virtual table's hidden column).
        columnRows = columnRows.Where(r => Convert.ToInt64(r[7]) is 0 or 2 or 3).OrderBy(r => Convert.ToInt64(r[1])).Select(r => r[1..]).ToList();
        var columns = columnRows.Select(r =>
        {
            var column = Text(r[1])!;
            var native = Text(r[2]) ?? "";
            var isPk = Convert.ToInt64(r[5]) > 0;
            // The rowid, and every primary key column of a WITHOUT ROWID table, is never NULL, whatever the declaration says.
            return new Column(column, Neutral(native), native, Nullable: Convert.ToInt64(r[3]) == 0 && !(isPk && (withoutRowId || IsRowId(native, columnRows))),
                Text(r[4]), Identity: isPk && definition.AutoIncrement ? ColumnIdentity.ByDefault : ColumnIdentity.None, definition.Collations.GetValueOrDefault(column), null)
                { Generated = Convert.ToInt64(r[6]) is 2 or 3 ? Generation(definition.ColumnText.GetValueOrDefault(column) ?? "", stored: Convert.ToInt64(r[6]) == 3) : null };
        }).ToList();
        var pkColumns = columnRows.Where(r => Convert.ToInt64(r[5]) > 0).OrderBy(r => Convert.ToInt64(r[5])).Select(r => Text(r[1])!).ToList();
        if (pkColumns.Count > 0) primaryKeys[name] = pkColumns;

        var uniques = new List<UniqueConstraint>();
        var indexes = new List<TableIndex>();
        foreach (var index in indexRows)
        {
            var indexName = Text(index[1])!;
            switch (Text(index[3]))
            {
                case "u":
                    var cols = uniqueColumns[indexName].OrderBy(r => Convert.ToInt64(r[1])).Select(r => Text(r[2])!).ToList();
                    uniques.Add(new UniqueConstraint($"{name}_{string.Join("_", cols)}_key", cols));
                    break;
                case "c" when indexSql.TryGetValue(indexName, out var create):
                    indexes.Add(ParseIndex(indexName, create, Convert.ToInt64(index[2]) == 1));
                    break;
            }
        }

        var foreignKeys = keyRows
            .GroupBy(r => Convert.ToInt64(r[1]))
            .Select(g =>
            {
                var parts = g.OrderBy(r => Convert.ToInt64(r[2])).ToList();
                var from = parts.Select(r => Text(r[4])!).ToList();
                var to = parts.All(r => r[5] is null) ? [] : parts.Select(r => Text(r[5])!).ToList();
                return new ForeignKey($"fk_{name}_{string.Join("_", from)}", from, Text(parts[0][3])!, to, Action(Text(parts[0][7])), Action(Text(parts[0][6])));
            })
            .ToList();

        return new Table(name, columns, pkColumns.Count == 0 ? null : new PrimaryKey(null, pkColumns),
            uniques.OrderBy(u => u.Name, StringComparer.Ordinal).ToList(),
            indexes.OrderBy(i => i.Name, StringComparer.Ordinal).ToList(),
            foreignKeys.OrderBy(f => f.Name, StringComparer.Ordinal).ToList(),
            definition.Checks.OrderBy(c => c.Name, StringComparer.Ordinal).ToList(), null, definition.Options);
    }

    /// <summary>A generated column's expression, from its definition "name type [GENERATED ALWAYS] AS (expression) [STORED|VIRTUAL]".</summary>
    private static GeneratedColumn Generation(string definition, bool stored) =>
        new(SqlText.Parenthesized(definition, Math.Max(0, SqlText.IndexOfWord(definition, "AS"))) is var (expression, _) ? SqlText.Normalize(expression) : definition, stored);

    /// <summary>An INTEGER PRIMARY KEY column is the rowid, which is never NULL whatever the declaration says.</summary>
    private static bool IsRowId(string native, List<object?[]> columns) =>
        native.Equals("INTEGER", StringComparison.OrdinalIgnoreCase) && columns.Count(r => Convert.ToInt64(r[5]) > 0) == 1;

    /// <summary>CREATE [UNIQUE] INDEX name ON table (columns or expressions) [WHERE predicate].</summary>
    private static TableIndex ParseIndex(string name, string sql, bool unique)
    {
        var on = SqlText.IndexOfWord(sql, "ON");
        var (inner, end) = SqlText.Parenthesized(sql, on)!.Value;
        var where = SqlText.IndexOfWord(sql, "WHERE", end);
        // ASC is the default order: (a ASC) and (a) are one index.
        return new TableIndex(name, SqlText.SplitTopLevel(inner).Select(c => SqlText.Unquote(AscendingByDefault().Replace(SqlText.Normalize(c), ""))).ToList(), unique,
            where < 0 ? null : SqlText.Normalize(sql[(where + 5)..]));
    }

    /// <summary>What only the CREATE TABLE text holds: CHECK constraints, collations, AUTOINCREMENT, and the table options after the columns.</summary>
    private sealed record TableDefinition(IReadOnlyList<CheckConstraint> Checks, IReadOnlyDictionary<string, string> Collations, bool AutoIncrement, string? Options)
    {
        /// <summary>Each column's definition as written, by name (for the generated columns, which are not modelled).</summary>
        public IReadOnlyDictionary<string, string> ColumnText { get; init; } = new Dictionary<string, string>();

        public static TableDefinition Parse(string sql)
        {
            var checks = new List<CheckConstraint>();
            var collations = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var generated = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (SqlText.Parenthesized(sql, 0) is not var (body, bodyEnd)) return new TableDefinition(checks, collations, false, null);
            // STRICT and WITHOUT ROWID, in either order, spelled one way.
            var options = SqlText.SplitTopLevel(sql[bodyEnd..].Trim().TrimEnd(';'))
                .Select(o => string.Join(' ', o.Split((char[])[' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant())
                .Where(o => o.Length > 0).Order(StringComparer.Ordinal).ToList();
            foreach (var part in SqlText.SplitTopLevel(body))
            {
                var isConstraint = SqlText.StartsWithWord(part, "CONSTRAINT") || SqlText.StartsWithWord(part, "CHECK")
                    || SqlText.StartsWithWord(part, "PRIMARY") || SqlText.StartsWithWord(part, "UNIQUE") || SqlText.StartsWithWord(part, "FOREIGN");
                var column = isConstraint ? null : SqlText.Unquote(SqlText.FirstToken(part).Token);
                var at = 0;
                string? constraintName = null;
                while (true)
                {
                    var named = SqlText.IndexOfWord(part, "CONSTRAINT", at);
                    var check = SqlText.IndexOfWord(part, "CHECK", at);
                    if (check < 0) break;
                    if (named >= 0 && named < check) constraintName = SqlText.Unquote(SqlText.FirstToken(part[(named + 10)..]).Token);
                    var (expression, end) = SqlText.Parenthesized(part, check)!.Value;
                    var normalized = SqlText.Normalize(expression);
                    checks.Add(new CheckConstraint(constraintName ?? $"{column ?? "table"}_check_{checks.Count + 1}", normalized));
                    constraintName = null;
                    at = end;
                }
                if (column is not null) generated[column] = SqlText.Normalize(part);
                var collate = SqlText.IndexOfWord(part, "COLLATE");
                if (column is not null && collate >= 0) collations[column] = SqlText.Unquote(SqlText.FirstToken(part[(collate + 7)..]).Token);
            }
            return new TableDefinition(checks, collations, SqlText.IndexOfWord(body, "AUTOINCREMENT") >= 0, options.Count == 0 ? null : string.Join(", ", options))
                { ColumnText = generated };
        }
    }
}
