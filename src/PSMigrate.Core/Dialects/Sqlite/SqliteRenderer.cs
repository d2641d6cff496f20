using PSMigrate.Schema.Comparison;
using PSMigrate.Schema;
using PSMigrate.Schema.Rendering;

namespace PSMigrate.Dialects.Sqlite;

/// <summary>
/// SQLite: what ALTER TABLE can do (add a plain column) it does; anything else on a table becomes
/// the documented rebuild — create the new table, copy the rows, drop the old, rename, recreate
/// its indexes — with every view and trigger dropped before and created after, since a rename
/// refuses to run while a view or another table's trigger names a missing table. Foreign keys are off during a migration
/// and each revision ends with a foreign-key check, so no row is lost on the way.
/// </summary>
internal sealed class SqliteRenderer(Quoting quoting) : SchemaRenderer(quoting)
{
    public override IReadOnlyList<RenderedStatement> Render(IReadOnlyList<SchemaChange> changes, DatabaseSchema from, DatabaseSchema to)
    {
        var rebuilt = new HashSet<string>(changes.OfType<AlterTable>().Where(NeedsRebuild).Select(a => a.To.Name), StringComparer.OrdinalIgnoreCase);
        foreach (var key in changes.OfType<AddForeignKey>().Select(k => k.Table.Name).Concat(changes.OfType<DropForeignKey>().Select(k => k.Table.Name)))
            if (from.Tables.Any(t => Same(t.Name, key)) && to.Tables.Any(t => Same(t.Name, key))) rebuilt.Add(key);
        changes = WithRebuildsForKeys(changes, rebuilt, from, to);
        var setAside = rebuilt.Count > 0;
        var droppedViews = new HashSet<string>(changes.OfType<DropView>().Select(v => v.View.Name), StringComparer.OrdinalIgnoreCase);
        var droppedTriggers = new HashSet<string>(changes.OfType<DropTrigger>().Select(t => t.Trigger.Name), StringComparer.OrdinalIgnoreCase);

        var sql = new List<RenderedStatement>();
        foreach (var change in changes)
        {
            switch (change)
            {
                case DropTrigger t:
                    sql.Add(new($"DROP TRIGGER {Quote(t.Trigger.Name)}"));
                    break;
                case DropView v:
                    sql.Add(new($"DROP VIEW {Quote(v.View.Name)}"));
                    break;
                case DropForeignKey or AddForeignKey:
                    break; // a rebuild of the table, or its CREATE TABLE, carries its keys
                case DropIndex i when rebuilt.Contains(i.Table.Name):
                    break; // goes with the old table
                case DropIndex i:
                    sql.Add(new($"DROP INDEX {Quote(i.Index.Name)}"));
                    break;
                case DropTable t:
                    sql.Add(new($"DROP TABLE {Quote(t.Table.Name)}"));
                    break;
                case CreateTable t:
                    // All its keys at once: SQLite cannot add one later, and checks none until the revision ends.
                    sql.Add(new(CreateTableSql(to.Tables.First(x => Same(x.Name, t.Table.Name)), t.Table.Name)));
                    break;
                case AlterTable a when rebuilt.Contains(a.To.Name):
                    if (setAside)
                    {
                        sql.AddRange(from.Triggers.Where(t => !droppedTriggers.Contains(t.Name)).Select(t => new RenderedStatement($"DROP TRIGGER {Quote(t.Name)}")));
                        sql.AddRange(from.Views.Where(v => !droppedViews.Contains(v.Name)).Select(v => new RenderedStatement($"DROP VIEW {Quote(v.Name)}")));
                        setAside = false;
                    }
                    sql.AddRange(Notes(a));
                    sql.AddRange(Rebuild(a.From, a.To));
                    break;
                case AlterTable a:
                    sql.AddRange(Notes(a));
                    sql.AddRange(a.Changes.OfType<AddColumn>().Select(c => new RenderedStatement($"ALTER TABLE {Quote(a.To.Name)} ADD COLUMN {ColumnSql(c.Column, inlineKey: false)}")));
                    break;
                case CreateIndex i when rebuilt.Contains(i.Table.Name):
                    break; // the rebuild recreated it
                case CreateIndex i:
                    sql.Add(new(IndexSql(i.Table.Name, i.Index)));
                    break;
                case CreateView when rebuilt.Count > 0:
                    break; // every view comes back below
                case CreateView v:
                    sql.Add(new(ViewSql(v.View)));
                    break;
                case CreateTrigger when rebuilt.Count > 0:
                    break; // every trigger comes back below
                case CreateTrigger t:
                    sql.Add(new(t.Trigger.Definition, Compound: true));
                    break;
            }
        }
        if (rebuilt.Count > 0)
        {
            sql.AddRange(to.Views.Select(v => new RenderedStatement(ViewSql(v))));
            sql.AddRange(to.Triggers.Select(t => new RenderedStatement(t.Definition, Compound: true)));
        }
        return sql;
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A table whose only change is a foreign key still needs its rebuild: one in place of its
    /// first key change, for tables that have no other alteration to carry it.
    /// </summary>
    private static IReadOnlyList<SchemaChange> WithRebuildsForKeys(IReadOnlyList<SchemaChange> changes, HashSet<string> rebuilt, DatabaseSchema from, DatabaseSchema to)
    {
        var carried = new HashSet<string>(changes.OfType<AlterTable>().Select(a => a.To.Name), StringComparer.OrdinalIgnoreCase);
        var result = new List<SchemaChange>();
        foreach (var change in changes)
        {
            var table = change switch { DropForeignKey d => d.Table.Name, AddForeignKey a => a.Table.Name, _ => null };
            if (table is not null && rebuilt.Contains(table) && carried.Add(table))
                result.Add(new AlterTable(from.Tables.First(t => Same(t.Name, table)), to.Tables.First(t => Same(t.Name, table)), []));
            result.Add(change);
        }
        return result;
    }

    /// <summary>ALTER TABLE ... ADD COLUMN takes a nullable column, or a NOT NULL one with a literal default; nothing else.</summary>
    private static bool NeedsRebuild(AlterTable alter) =>
        alter.Changes.Any(c => c switch
        {
            PossibleRename or SetTableComment => false,
            AddColumn add => add.Column.Generated is { Stored: true }
                             || !add.Column.Nullable && add.Column.Default is null && add.Column.Generated is null
                             || add.Column.Default is { } d && !IsLiteral(d)
                             || add.Column.Default is { } t && t.StartsWith("CURRENT_", StringComparison.OrdinalIgnoreCase)
                             || alter.To.PrimaryKey?.Columns.Contains(add.Column.Name, StringComparer.OrdinalIgnoreCase) == true,
            _ => true,
        });

    /// <summary>The twelve steps, as far as they are SQL: the new table, the copy, the swap, and the indexes the old table took with it.</summary>
    private IEnumerable<RenderedStatement> Rebuild(Table from, Table to)
    {
        var temporary = RebuildPrefix + to.Name;
        // Generated columns are computed again by the new table, never copied into it.
        var kept = to.Columns.Where(c => c.Generated is null && from.Columns.Any(o => Same(o.Name, c.Name) && o.Generated is null)).Select(c => c.Name).ToList();
        foreach (var added in to.Columns.Where(c => !kept.Contains(c.Name) && !c.Nullable && c.Default is null && c.Generated is null))
            yield return Note($"psmigrate: {to.Name}.{added.Name} is NOT NULL without a default: the copy below fails if {to.Name} has rows; give it a default or fill it in the INSERT");
        yield return new($"-- psmigrate: rebuild of {to.Name} (SQLite's ALTER TABLE cannot make this change)", Note: true);
        yield return new(CreateTableSql(to, temporary));
        yield return new($"INSERT INTO {Quote(temporary)} ({Columns(kept)}) SELECT {Columns(kept)} FROM {Quote(from.Name)}");
        yield return new($"DROP TABLE {Quote(from.Name)}");
        yield return new($"ALTER TABLE {Quote(temporary)} RENAME TO {Quote(to.Name)}");
        foreach (var index in to.Indexes) yield return new(IndexSql(to.Name, index));
    }

    private string CreateTableSql(Table table, string name)
    {
        var identity = table.PrimaryKey is { Columns.Count: 1 } pk && table.Columns.Any(c => c.Identity != ColumnIdentity.None && Same(c.Name, pk.Columns[0]));
        var parts = table.Columns.Select(c => ColumnSql(c, inlineKey: identity && c.Identity != ColumnIdentity.None)).ToList();
        if (table.PrimaryKey is { } key && !identity) parts.Add($"PRIMARY KEY ({Columns(key.Columns)})");
        parts.AddRange(table.Uniques.Select(u => $"UNIQUE ({Columns(u.Columns)})"));
        parts.AddRange(table.Checks.Select(c => $"CONSTRAINT {Quote(c.Name)} CHECK ({c.Expression})"));
        parts.AddRange(table.ForeignKeys.Select(ForeignKeyClause));
        return $"CREATE TABLE {Quote(name)} (\n    {string.Join(",\n    ", parts)}\n){(table.Options is { } options ? " " + options : "")}";
    }

    private string ColumnSql(Column column, bool inlineKey)
    {
        var text = $"{Quote(column.Name)} {column.NativeType}".TrimEnd();
        if (inlineKey) text += " PRIMARY KEY AUTOINCREMENT";
        if (column.Generated is { } generated) text += $" GENERATED ALWAYS AS ({generated.Expression}) {(generated.Stored ? "STORED" : "VIRTUAL")}";
        if (!column.Nullable) text += " NOT NULL";
        if (column.Collation is { } collation) text += " COLLATE " + collation;
        if (column.Default is { } value) text += " DEFAULT " + (IsLiteral(value) ? value : $"({value})");
        return text;
    }

    private string IndexSql(string table, TableIndex index) =>
        $"CREATE {(index.Unique ? "UNIQUE " : "")}INDEX {Quote(index.Name)} ON {Quote(table)} ({string.Join(", ", index.Columns.Select(QuoteIfName))})" +
        (index.Where is null ? "" : " WHERE " + index.Where);

    /// <summary>A plain column name is quoted; an expression stays as the database wrote it.</summary>
    private string QuoteIfName(string column) => column.All(c => char.IsLetterOrDigit(c) || c == '_') ? Quote(column) : column;

    private static string ViewSql(View view) => view.Definition;
}
