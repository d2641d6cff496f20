using PSMigrate.Schema.Comparison;
using PSMigrate.Schema;
using PSMigrate.Schema.Rendering;

namespace PSMigrate.Dialects.PostgreSql;

/// <summary>PostgreSQL: every change in place with ALTER; new enum values in autocommit statements.</summary>
internal sealed class PostgresRenderer(Quoting quoting) : SchemaRenderer(quoting)
{
    public override IReadOnlyList<RenderedStatement> Render(IReadOnlyList<SchemaChange> changes, DatabaseSchema from, DatabaseSchema to)
    {
        var sql = new List<RenderedStatement>();
        // A nextval() default over a sequence that stands alone is a default, not a serial column (which would make a second sequence).
        var standalone = to.Sequences.Select(q => q.Name).ToHashSet(StringComparer.Ordinal);
        var bodiesUnchecked = false;
        foreach (var change in changes)
        {
            switch (change)
            {
                case DropTrigger t:
                    sql.Add(new($"DROP TRIGGER {Quote(t.Trigger.Name)} ON {Quote(t.Trigger.Table)}"));
                    break;
                case DropView v:
                    sql.Add(new($"DROP VIEW {Quote(v.View.Name)}"));
                    break;
                case DropMaterializedView m:
                    sql.Add(new($"DROP MATERIALIZED VIEW {Quote(m.View.Name)}"));
                    break;
                case CreateMaterializedView m:
                    sql.Add(new($"CREATE MATERIALIZED VIEW {Quote(m.View.Name)} AS {m.View.Definition}"));
                    sql.AddRange(m.View.Indexes.Select(i => new RenderedStatement(IndexSql(m.View.Name, i))));
                    break;
                case CreateEnum e:
                    sql.Add(new($"CREATE TYPE {Quote(e.Type.Name)} AS ENUM ({string.Join(", ", e.Type.Values.Select(Literal))})"));
                    break;
                case AddEnumValues e:
                    sql.AddRange(AddValues(e.From, e.To));
                    break;
                case ReplaceEnum e:
                    sql.AddRange(ReplaceValues(e.From, e.To, from));
                    break;
                case CreateDomain d:
                    sql.Add(new($"CREATE DOMAIN {Quote(d.Domain.Name)} AS {d.Domain.BaseType}" +
                                (d.Domain.Default is { } value ? " DEFAULT " + value : "") + (d.Domain.NotNull ? " NOT NULL" : "") +
                                string.Concat(d.Domain.Checks.Select(c => $" CONSTRAINT {Quote(c.Name)} CHECK ({c.Expression})"))));
                    break;
                case AlterDomain d:
                    sql.AddRange(AlterDomainSql(d.From, d.To));
                    break;
                case DropDomain d:
                    sql.Add(new($"DROP DOMAIN {Quote(d.Domain.Name)}"));
                    break;
                case CreateRoutine r:
                    // Its body is checked when it runs, as pg_dump loads functions: what it reads may come later in the revision.
                    if (!bodiesUnchecked) sql.Add(new("SET LOCAL check_function_bodies = false"));
                    bodiesUnchecked = true;
                    sql.Add(new(r.Routine.Definition.TrimEnd().TrimEnd(';'), Compound: true));
                    break;
                case DropRoutine r:
                    var open = r.Routine.Name.IndexOf('(');
                    sql.Add(new($"DROP {r.Routine.Kind.ToUpperInvariant()} {Quote(r.Routine.Name[..open])}{r.Routine.Name[open..]}"));
                    break;
                case CreateSequence s:
                    sql.Add(new($"CREATE SEQUENCE {Quote(s.Sequence.Name)} START WITH {s.Sequence.Start} INCREMENT BY {s.Sequence.Increment}"));
                    break;
                case AlterSequence s:
                    sql.Add(new($"ALTER SEQUENCE {Quote(s.To.Name)} START WITH {s.To.Start} INCREMENT BY {s.To.Increment}"));
                    break;
                case DropForeignKey k:
                    sql.Add(new($"ALTER TABLE {Quote(k.Table.Name)} DROP CONSTRAINT {Quote(k.Key.Name)}"));
                    break;
                case DropIndex i:
                    sql.Add(new($"DROP INDEX {Quote(i.Index.Name)}"));
                    break;
                case DropTable t:
                    sql.Add(new($"DROP TABLE {Quote(t.Table.Name)}"));
                    break;
                case CreateTable t:
                    sql.Add(new(CreateTableSql(t.Table, standalone)));
                    sql.AddRange(Comments(t.Table));
                    break;
                case AlterTable a:
                    sql.AddRange(Notes(a));
                    sql.AddRange(a.Changes.SelectMany(c => Alter(a.From, a.To, c, standalone)));
                    break;
                case CreateIndex i:
                    sql.Add(new(IndexSql(i.Table.Name, i.Index)));
                    break;
                case AddForeignKey k:
                    sql.Add(new($"ALTER TABLE {Quote(k.Table.Name)} ADD CONSTRAINT {Quote(k.Key.Name)} {ForeignKeyClause(k.Key)}"));
                    break;
                case DropSequence s:
                    sql.Add(new($"DROP SEQUENCE {Quote(s.Sequence.Name)}"));
                    break;
                case DropEnum e:
                    sql.Add(new($"DROP TYPE {Quote(e.Type.Name)}"));
                    break;
                case CreateView v:
                    sql.Add(new($"CREATE VIEW {Quote(v.View.Name)} AS {v.View.Definition}"));
                    break;
                case CreateTrigger t:
                    sql.Add(new(t.Trigger.Definition));
                    break;
            }
        }
        return sql;
    }

    /// <summary>Each new value where it stands in the new order; PostgreSQL wants these outside a transaction that uses them.</summary>
    private IEnumerable<RenderedStatement> AddValues(EnumType from, EnumType to)
    {
        for (var i = 0; i < to.Values.Count; i++)
        {
            if (from.Values.Contains(to.Values[i])) continue;
            var place = i + 1 < to.Values.Count && from.Values.Contains(to.Values[i + 1]) ? $" BEFORE {Literal(to.Values[i + 1])}"
                : i > 0 ? $" AFTER {Literal(to.Values[i - 1])}" : "";
            yield return new($"ALTER TYPE {Quote(to.Name)} ADD VALUE IF NOT EXISTS {Literal(to.Values[i])}{place}", Autocommit: true);
        }
    }

    /// <summary>
    /// Values removed or reordered: a new type under the old name, every column moved to it
    /// through text (which fails, as it should, on a row holding a removed value), the old type
    /// dropped. The columns are those of <paramref name="current"/>, the schema before the change:
    /// tables created later in the same change are created with the new type.
    /// </summary>
    private IEnumerable<RenderedStatement> ReplaceValues(EnumType from, EnumType to, DatabaseSchema current)
    {
        var old = to.Name + "__psmigrate_old";
        yield return Note($"psmigrate: PostgreSQL cannot remove or reorder values of {to.Name}; it is replaced, and its columns converted through text");
        yield return new($"ALTER TYPE {Quote(from.Name)} RENAME TO {Quote(old)}");
        yield return new($"CREATE TYPE {Quote(to.Name)} AS ENUM ({string.Join(", ", to.Values.Select(Literal))})");
        foreach (var table in current.Tables)
            foreach (var column in table.Columns.Where(c => c.Type == "enum:" + from.Name))
            {
                if (column.Default is not null) yield return new($"ALTER TABLE {Quote(table.Name)} ALTER COLUMN {Quote(column.Name)} DROP DEFAULT");
                yield return new($"ALTER TABLE {Quote(table.Name)} ALTER COLUMN {Quote(column.Name)} TYPE {Quote(to.Name)} USING {Quote(column.Name)}::text::{Quote(to.Name)}");
                if (column.Default is { } value) yield return new($"ALTER TABLE {Quote(table.Name)} ALTER COLUMN {Quote(column.Name)} SET DEFAULT {value}");
            }
        yield return new($"DROP TYPE {Quote(old)}");
    }

    private string IndexSql(string table, TableIndex index) =>
        $"CREATE {(index.Unique ? "UNIQUE " : "")}INDEX {Quote(index.Name)} ON {Quote(table)}{(index.Method is { } method ? " USING " + method : "")} ({string.Join(", ", index.Columns)})" +
        (index.Where is null ? "" : $" WHERE {index.Where}");

    private IEnumerable<RenderedStatement> AlterDomainSql(DomainType from, DomainType to)
    {
        var d = $"ALTER DOMAIN {Quote(to.Name)}";
        if (from.BaseType != to.BaseType)
            yield return Note($"psmigrate: domain {to.Name} changes its base type ({from.BaseType} -> {to.BaseType}), which ALTER DOMAIN cannot do: write it by hand");
        if (from.Default != to.Default) yield return new(to.Default is { } value ? $"{d} SET DEFAULT {value}" : $"{d} DROP DEFAULT");
        if (from.NotNull != to.NotNull) yield return new(to.NotNull ? $"{d} SET NOT NULL" : $"{d} DROP NOT NULL");
        foreach (var check in from.Checks.Where(c => !to.Checks.Contains(c))) yield return new($"{d} DROP CONSTRAINT {Quote(check.Name)}");
        foreach (var check in to.Checks.Where(c => !from.Checks.Contains(c))) yield return new($"{d} ADD CONSTRAINT {Quote(check.Name)} CHECK ({check.Expression})");
    }

    private IEnumerable<RenderedStatement> Alter(Table before, Table table, TableChange change, IReadOnlySet<string> standalone)
    {
        var t = $"ALTER TABLE {Quote(table.Name)}";
        switch (change)
        {
            case SetPartitioning p:
                yield return Note($"psmigrate: {table.Name}: {p.Describe()}; PostgreSQL cannot change this in place: create the new table, move the rows, and swap the names by hand");
                break;
            case AddColumn c:
                yield return new($"{t} ADD COLUMN {ColumnSql(c.Column, standalone)}");
                if (c.Column.Comment is { } comment) yield return new($"COMMENT ON COLUMN {Quote(table.Name)}.{Quote(c.Column.Name)} IS {Literal(comment)}");
                break;
            case DropColumn c:
                yield return new($"{t} DROP COLUMN {Quote(c.Column.Name)}");
                break;
            case AlterColumn c when c.From.Generated != c.To.Generated:
                // PostgreSQL cannot turn a column into a generated one, nor change what generates it: the column is made again (its values
                // are derived), and the constraints and indexes on it that both sides have, which went with it, are made again too.
                yield return new($"{t} DROP COLUMN {Quote(c.From.Name)}");
                yield return new($"{t} ADD COLUMN {ColumnSql(c.To, standalone)}");
                bool On(IEnumerable<string> columns) => columns.Any(n => n == c.To.Name || SqlText.MentionsWord(n, c.To.Name));
                foreach (var u in table.Uniques.Where(u => On(u.Columns) && before.Uniques.Any(b => b.Name == u.Name)))
                    yield return new($"{t} ADD CONSTRAINT {Quote(u.Name)} UNIQUE ({Columns(u.Columns)})");
                foreach (var check in table.Checks.Where(k => SqlText.MentionsWord(k.Expression, c.To.Name) && before.Checks.Any(b => b.Expression == k.Expression)))
                    yield return new($"{t} ADD CONSTRAINT {Quote(check.Name)} CHECK ({check.Expression})");
                foreach (var index in table.Indexes.Where(i => On(i.Columns) && before.Indexes.Any(b => b.Name == i.Name)))
                    yield return new(IndexSql(table.Name, index));
                break;
            case AlterColumn c:
                var column = $"{t} ALTER COLUMN {Quote(c.To.Name)}";
                if (!SchemaComparer.SameType(c.From.NativeType, c.To.NativeType) || c.From.Collation != c.To.Collation)
                {
                    if (c.From.Default is not null) yield return new($"{column} DROP DEFAULT");
                    yield return new($"{column} TYPE {TypeSql(c.To)}{(c.To.Collation is null ? "" : $" COLLATE {Quote(c.To.Collation)}")} USING {Quote(c.To.Name)}::{TypeSql(c.To)}");
                }
                if (c.From.Identity != ColumnIdentity.None && c.To.Identity == ColumnIdentity.None) yield return new($"{column} DROP IDENTITY");
                if (c.From.Nullable != c.To.Nullable) yield return new($"{column} {(c.To.Nullable ? "DROP" : "SET")} NOT NULL");
                if (c.From.Default != c.To.Default || !SchemaComparer.SameType(c.From.NativeType, c.To.NativeType))
                    yield return new(c.To.Default is null ? $"{column} DROP DEFAULT" : $"{column} SET DEFAULT {c.To.Default}");
                if (c.From.Identity == ColumnIdentity.None && c.To.Identity != ColumnIdentity.None)
                    yield return new($"{column} ADD GENERATED {Generated(c.To.Identity)} AS IDENTITY");
                else if (c.From.Identity != c.To.Identity && c.To.Identity != ColumnIdentity.None)
                    yield return new($"{column} SET GENERATED {Generated(c.To.Identity)}");
                if (c.From.Comment != c.To.Comment)
                    yield return new($"COMMENT ON COLUMN {Quote(table.Name)}.{Quote(c.To.Name)} IS {(c.To.Comment is null ? "NULL" : Literal(c.To.Comment))}");
                break;
            case SetPrimaryKey k:
                if (k.From is not null) yield return new($"{t} DROP CONSTRAINT {Quote(k.From.Name ?? table.Name + "_pkey")}");
                if (k.To is not null) yield return new($"{t} ADD CONSTRAINT {Quote(k.To.Name ?? table.Name + "_pkey")} PRIMARY KEY ({Columns(k.To.Columns)})");
                break;
            case AddUnique u:
                yield return new($"{t} ADD CONSTRAINT {Quote(u.Unique.Name)} UNIQUE ({Columns(u.Unique.Columns)})");
                break;
            case DropUnique u:
                yield return new($"{t} DROP CONSTRAINT {Quote(u.Unique.Name)}");
                break;
            case AddCheck c:
                yield return new($"{t} ADD CONSTRAINT {Quote(c.Check.Name)} CHECK ({c.Check.Expression})");
                break;
            case DropCheck c:
                yield return new($"{t} DROP CONSTRAINT {Quote(c.Check.Name)}");
                break;
            case SetTableComment c:
                yield return new($"COMMENT ON TABLE {Quote(table.Name)} IS {(c.Comment is null ? "NULL" : Literal(c.Comment))}");
                break;
        }
    }

    private string CreateTableSql(Table table, IReadOnlySet<string> standalone)
    {
        var parts = table.Columns.Select(c => ColumnSql(c, standalone)).ToList();
        if (table.PrimaryKey is { } key) parts.Add($"CONSTRAINT {Quote(key.Name ?? table.Name + "_pkey")} PRIMARY KEY ({Columns(key.Columns)})");
        parts.AddRange(table.Uniques.Select(u => $"CONSTRAINT {Quote(u.Name)} UNIQUE ({Columns(u.Columns)})"));
        parts.AddRange(table.Checks.Select(c => $"CONSTRAINT {Quote(c.Name)} CHECK ({c.Expression})"));
        parts.AddRange(table.ForeignKeys.Select(k => $"CONSTRAINT {Quote(k.Name)} {ForeignKeyClause(k)}"));
        var partitioned = table.PartitionBy is { } by ? " PARTITION BY " + by : "";
        // A partition takes its columns, keys and inherited indexes from its parent; only what is its own is written.
        if (table.PartitionOf is { } parent)
            return $"CREATE TABLE {Quote(table.Name)} PARTITION OF {Quote(parent)}{(parts.Count == 0 ? "" : $" (\n    {string.Join(",\n    ", parts)}\n)")} {table.PartitionBound}{partitioned}";
        return $"CREATE TABLE {Quote(table.Name)} (\n    {string.Join(",\n    ", parts)}\n){partitioned}";
    }

    private IEnumerable<RenderedStatement> Comments(Table table)
    {
        if (table.Comment is { } comment) yield return new($"COMMENT ON TABLE {Quote(table.Name)} IS {Literal(comment)}");
        foreach (var column in table.Columns.Where(c => c.Comment is not null))
            yield return new($"COMMENT ON COLUMN {Quote(table.Name)}.{Quote(column.Name)} IS {Literal(column.Comment!)}");
    }

    /// <summary>
    /// A serial column's default names the sequence it owns: written as serial, which makes both. A
    /// default over a sequence of its own (in <paramref name="standalone"/>) is written as it is.
    /// </summary>
    private string ColumnSql(Column column, IReadOnlySet<string> standalone)
    {
        var serial = column.Default is { } nextval && nextval.StartsWith("nextval(", StringComparison.Ordinal)
                     && !standalone.Contains(nextval.Split('\'') is [_, var name, ..] ? name.Trim('"') : "");
        var type = serial ? column.NativeType switch { "bigint" => "bigserial", "smallint" => "smallserial", _ => "serial" } : TypeSql(column);
        var text = $"{Quote(column.Name)} {type}";
        if (column.Collation is { } collation) text += $" COLLATE {Quote(collation)}";
        if (column.Identity != ColumnIdentity.None) text += $" GENERATED {Generated(column.Identity)} AS IDENTITY";
        if (column.Generated is { } generated) text += $" GENERATED ALWAYS AS ({generated.Expression}) STORED";
        if (!column.Nullable) text += " NOT NULL";
        if (column.Default is { } value && !serial) text += " DEFAULT " + value;
        return text;
    }

    private static string Generated(ColumnIdentity identity) => identity == ColumnIdentity.Always ? "ALWAYS" : "BY DEFAULT";

    /// <summary>The type as format_type wrote it; an enum's name is an identifier, quoted.</summary>
    private string TypeSql(Column column) => column.Type.StartsWith("enum:", StringComparison.Ordinal) ? Quote(column.Type[5..]) : column.NativeType;
}
