using PSMigrate.Schema.Comparison;
using PSMigrate.Schema;
using PSMigrate.Schema.Rendering;

namespace PSMigrate.Dialects.MySql;

/// <summary>
/// MySQL and MariaDB: ALTER TABLE for each change, MODIFY COLUMN with the whole new definition,
/// triggers as compound statements. Each statement commits on its own (MySQL's DDL).
/// </summary>
internal sealed class MySqlRenderer(Quoting quoting) : SchemaRenderer(quoting)
{
    public override IReadOnlyList<RenderedStatement> Render(IReadOnlyList<SchemaChange> changes, DatabaseSchema from, DatabaseSchema to)
    {
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
                case DropForeignKey k:
                    sql.Add(new($"ALTER TABLE {Quote(k.Table.Name)} DROP FOREIGN KEY {Quote(k.Key.Name)}"));
                    // InnoDB leaves the index it made for the key behind.
                    if (!ServedByOthers(k.Table, k.Key, except: null))
                        sql.Add(new($"DROP INDEX {Quote(k.Key.Name)} ON {Quote(k.Table.Name)}"));
                    break;
                case DropIndex i:
                    // InnoDB refuses to drop the last index that serves a foreign key: the key goes
                    // while the index does, and comes back with an index of InnoDB's own.
                    var left = i.Table with { Indexes = i.Table.Indexes.Where(x => x == i.Index || !Dropped(x)).ToList() };
                    bool Dropped(TableIndex x) => changes.OfType<DropIndex>().Any(d => Same(d.Table.Name, i.Table.Name) && Same(d.Index.Name, x.Name));
                    var served = i.Table.ForeignKeys.Where(k => Serves(i.Index.Columns, k) && !ServedByOthers(left, k, i.Index)
                        && !changes.OfType<DropForeignKey>().Any(d => Same(d.Table.Name, i.Table.Name) && Same(d.Key.Name, k.Name))).ToList();
                    sql.AddRange(served.Select(k => new RenderedStatement($"ALTER TABLE {Quote(i.Table.Name)} DROP FOREIGN KEY {Quote(k.Name)}")));
                    sql.Add(new($"DROP INDEX {Quote(i.Index.Name)} ON {Quote(i.Table.Name)}"));
                    sql.AddRange(served.Select(k => new RenderedStatement($"ALTER TABLE {Quote(i.Table.Name)} ADD CONSTRAINT {Quote(k.Name)} {ForeignKeyClause(k)}")));
                    break;
                case DropTable t:
                    sql.Add(new($"DROP TABLE {Quote(t.Table.Name)}"));
                    break;
                case CreateTable t:
                    sql.Add(new(CreateTableSql(t.Table)));
                    break;
                case AlterTable a:
                    sql.AddRange(Notes(a));
                    // As for an index: a UNIQUE that is the last to serve a foreign key cannot go while the key stands.
                    var held = KeysOnlyDroppedUniquesServe(a);
                    sql.AddRange(held.Select(k => new RenderedStatement($"ALTER TABLE {Quote(a.To.Name)} DROP FOREIGN KEY {Quote(k.Name)}")));
                    sql.AddRange(a.Changes.SelectMany(c => Alter(a.To, c)));
                    sql.AddRange(held.Select(k => new RenderedStatement($"ALTER TABLE {Quote(a.To.Name)} ADD CONSTRAINT {Quote(k.Name)} {ForeignKeyClause(k)}")));
                    break;
                case CreateIndex i:
                    sql.Add(new($"CREATE {(i.Index.Unique ? "UNIQUE " : i.Index.Method is { } kind ? kind + " " : "")}INDEX {Quote(i.Index.Name)} ON {Quote(i.Table.Name)} ({string.Join(", ", i.Index.Columns.Select(IndexColumn))})"));
                    break;
                case AddForeignKey k:
                    sql.Add(new($"ALTER TABLE {Quote(k.Table.Name)} ADD CONSTRAINT {Quote(k.Key.Name)} {ForeignKeyClause(k.Key)}"));
                    break;
                case CreateView v:
                    sql.Add(new($"CREATE VIEW {Quote(v.View.Name)} AS {v.View.Definition}"));
                    break;
                case CreateTrigger t:
                    sql.Add(new($"CREATE TRIGGER {Quote(t.Trigger.Name)} {Timing(t.Trigger)} ON {Quote(t.Trigger.Table)} {Body(t.Trigger)}", Compound: true));
                    break;
            }
        }
        return sql;
    }

    private IEnumerable<RenderedStatement> Alter(Table table, TableChange change)
    {
        var t = $"ALTER TABLE {Quote(table.Name)}";
        switch (change)
        {
            case AddColumn c:
                yield return new($"{t} ADD COLUMN {ColumnSql(c.Column)}");
                break;
            case DropColumn c:
                yield return new($"{t} DROP COLUMN {Quote(c.Column.Name)}");
                break;
            case AlterColumn c:
                yield return new($"{t} MODIFY COLUMN {ColumnSql(c.To)}");
                break;
            case SetPrimaryKey k:
                if (k.From is not null) yield return new($"{t} DROP PRIMARY KEY");
                if (k.To is not null) yield return new($"{t} ADD PRIMARY KEY ({Columns(k.To.Columns)})");
                break;
            case AddUnique u:
                yield return new($"{t} ADD CONSTRAINT {Quote(u.Unique.Name)} UNIQUE ({Columns(u.Unique.Columns)})");
                break;
            case DropUnique u:
                yield return new($"{t} DROP INDEX {Quote(u.Unique.Name)}");
                break;
            case AddCheck c:
                yield return new($"{t} ADD CONSTRAINT {Quote(c.Check.Name)} CHECK ({c.Check.Expression})");
                break;
            case DropCheck c:
                yield return new($"{t} DROP CONSTRAINT {Quote(c.Check.Name)}");
                break;
            case SetTableComment c:
                yield return new($"{t} COMMENT = {Literal(c.Comment ?? "")}");
                break;
            case SetTableOptions o:
                yield return new($"{t} {o.To ?? "ENGINE=InnoDB"}");
                break;
            case SetPartitioning:
                yield return new(table.PartitionBy is { } by ? $"{t} PARTITION BY {by}" : $"{t} REMOVE PARTITIONING");
                break;
        }
    }

    private string CreateTableSql(Table table)
    {
        var parts = table.Columns.Select(ColumnSql).ToList();
        if (table.PrimaryKey is { } key) parts.Add($"PRIMARY KEY ({Columns(key.Columns)})");
        parts.AddRange(table.Uniques.Select(u => $"CONSTRAINT {Quote(u.Name)} UNIQUE ({Columns(u.Columns)})"));
        parts.AddRange(table.Checks.Select(c => $"CONSTRAINT {Quote(c.Name)} CHECK ({c.Expression})"));
        parts.AddRange(table.ForeignKeys.Select(k => $"CONSTRAINT {Quote(k.Name)} {ForeignKeyClause(k)}"));
        // Table options, the comment among them, come before the partitioning.
        return $"CREATE TABLE {Quote(table.Name)} (\n    {string.Join(",\n    ", parts)}\n)" + (table.Options is { } options ? " " + options : "")
               + (table.Comment is null ? "" : $" COMMENT = {Literal(table.Comment)}")
               + (table.PartitionBy is { } by ? " PARTITION BY " + by : "");
    }

    private string ColumnSql(Column column)
    {
        var text = $"{Quote(column.Name)} {column.NativeType}";
        if (column.Collation is { } collation) text += " COLLATE " + collation;
        // A generated column takes no NULL, NOT NULL or default in MariaDB: only its expression.
        if (column.Generated is { } generated) return text + $" AS ({generated.Expression}) {(generated.Stored ? "STORED" : "VIRTUAL")}" +
                                                      (column.Comment is { } note ? " COMMENT " + Literal(note) : "");
        text += column.Nullable ? " NULL" : " NOT NULL";
        if (column.Default is { } value) text += " DEFAULT " + (IsLiteral(value) ? value : $"({value})");
        if (column.Identity != ColumnIdentity.None) text += " AUTO_INCREMENT";
        if (column.Comment is { } comment) text += " COMMENT " + Literal(comment);
        return text;
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>The kept foreign keys that only the UNIQUE constraints this change drops serve, among what the table keeps.</summary>
    private static IReadOnlyList<ForeignKey> KeysOnlyDroppedUniquesServe(AlterTable a)
    {
        var dropped = a.Changes.OfType<DropUnique>().Select(d => d.Unique).ToList();
        if (dropped.Count == 0) return [];
        // Lists make records unequal by reference: index and key are matched by name.
        var left = a.From with { Uniques = a.From.Uniques.Except(dropped).ToList(), Indexes = a.From.Indexes.Where(i => a.To.Indexes.Any(j => Same(i.Name, j.Name))).ToList() };
        return a.From.ForeignKeys.Where(k => a.To.ForeignKeys.Any(x => Same(x.Name, k.Name)) && dropped.Any(u => Serves(u.Columns, k)) && !ServedByOthers(left, k, except: null)).ToList();
    }

    /// <summary>Whether an index on <paramref name="columns"/> serves a foreign key: the key's columns lead it, in order.</summary>
    private static bool Serves(IReadOnlyList<string> columns, ForeignKey key) =>
        columns.Count >= key.Columns.Count
        && columns.Take(key.Columns.Count).Select(c => c.IndexOf('(') is var paren and > 0 ? c[..paren] : c).SequenceEqual(key.Columns, StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether the primary key, a unique constraint or an index other than <paramref name="except"/> serves the key.</summary>
    private static bool ServedByOthers(Table table, ForeignKey key, TableIndex? except) =>
        table.PrimaryKey is { } pk && Serves(pk.Columns, key)
        || table.Uniques.Any(u => Serves(u.Columns, key))
        || table.Indexes.Any(i => i != except && Serves(i.Columns, key));

    /// <summary>"name(10)" from information_schema's prefix length is a quoted name with its prefix.</summary>
    private string IndexColumn(string column) =>
        column.IndexOf('(') is var paren and > 0 ? Quote(column[..paren]) + column[paren..] : Quote(column);

    /// <summary>The inspector writes "BEFORE INSERT FOR EACH ROW body".</summary>
    private static string Timing(Trigger trigger) => trigger.Definition[..trigger.Definition.IndexOf(" FOR EACH ROW ", StringComparison.Ordinal)];

    private static string Body(Trigger trigger) => trigger.Definition[trigger.Definition.IndexOf("FOR EACH ROW ", StringComparison.Ordinal)..];
}
