namespace PSMigrate.Schema.Comparison;

/// <summary>One step from one schema to another, in an order a database can run.</summary>
internal abstract record SchemaChange
{
    /// <summary>What the change does, for people (diff output, the comments of a generated revision).</summary>
    public abstract string Describe();
}

internal sealed record CreateEnum(EnumType Type) : SchemaChange
{
    public override string Describe() => $"create enum type {Type.Name}";
}

/// <summary>New enum values; PostgreSQL adds them outside a transaction block's reach of use, so they render as autocommit.</summary>
internal sealed record AddEnumValues(EnumType From, EnumType To) : SchemaChange
{
    public override string Describe() => $"add values {string.Join(", ", To.Values.Except(From.Values))} to enum type {To.Name}";
}

internal sealed record DropEnum(EnumType Type) : SchemaChange
{
    public override string Describe() => $"drop enum type {Type.Name}";
}

/// <summary>An enum whose values were removed or reordered: PostgreSQL cannot do that in place.</summary>
internal sealed record ReplaceEnum(EnumType From, EnumType To) : SchemaChange
{
    public override string Describe() => $"change enum type {To.Name} from ({string.Join(", ", From.Values)}) to ({string.Join(", ", To.Values)})";
}

internal sealed record CreateDomain(DomainType Domain) : SchemaChange
{
    public override string Describe() => $"create domain {Domain.Name} as {Domain.BaseType}";
}

/// <summary>A domain whose default, NOT NULL or checks changed (in place); a new base type is refused with a note.</summary>
internal sealed record AlterDomain(DomainType From, DomainType To) : SchemaChange
{
    public override string Describe() => $"alter domain {To.Name}";
}

internal sealed record DropDomain(DomainType Domain) : SchemaChange
{
    public override string Describe() => $"drop domain {Domain.Name}";
}

/// <summary>A new or changed function or procedure, made by its own CREATE OR REPLACE statement.</summary>
internal sealed record CreateRoutine(Routine Routine, bool Replaces) : SchemaChange
{
    public override string Describe() => $"{(Replaces ? "replace" : "create")} {Routine.Kind} {Routine.Name}";
}

internal sealed record DropRoutine(Routine Routine) : SchemaChange
{
    public override string Describe() => $"drop {Routine.Kind} {Routine.Name}";
}

internal sealed record CreateMaterializedView(MaterializedView View) : SchemaChange
{
    public override string Describe() => $"create materialized view {View.Name}";
}

internal sealed record DropMaterializedView(MaterializedView View) : SchemaChange
{
    public override string Describe() => $"drop materialized view {View.Name}";
}

internal sealed record CreateSequence(Sequence Sequence) : SchemaChange
{
    public override string Describe() => $"create sequence {Sequence.Name}";
}

internal sealed record AlterSequence(Sequence From, Sequence To) : SchemaChange
{
    public override string Describe() => $"alter sequence {To.Name} (start {From.Start} -> {To.Start}, increment {From.Increment} -> {To.Increment})";
}

internal sealed record DropSequence(Sequence Sequence) : SchemaChange
{
    public override string Describe() => $"drop sequence {Sequence.Name}";
}

/// <summary>A new table; foreign keys to tables created later (a cycle) come as <see cref="AddForeignKey"/>.</summary>
internal sealed record CreateTable(Table Table) : SchemaChange
{
    public override string Describe() => $"create table {Table.Name}";
}

internal sealed record DropTable(Table Table) : SchemaChange
{
    public override string Describe() => $"drop table {Table.Name}";
}

/// <summary>
/// Changes to one table that exists on both sides. <see cref="From"/> and <see cref="To"/> are
/// the whole table before and after, so a dialect that must rebuild it (SQLite) has both.
/// </summary>
internal sealed record AlterTable(Table From, Table To, IReadOnlyList<TableChange> Changes) : SchemaChange
{
    public override string Describe() => $"alter table {To.Name}: {string.Join("; ", Changes.Select(c => c.Describe()))}";
}

internal sealed record CreateIndex(Table Table, TableIndex Index) : SchemaChange
{
    public override string Describe() => $"create {(Index.Unique ? "unique " : "")}index {Index.Name} on {Table.Name}";
}

internal sealed record DropIndex(Table Table, TableIndex Index) : SchemaChange
{
    public override string Describe() => $"drop index {Index.Name} on {Table.Name}";
}

internal sealed record AddForeignKey(Table Table, ForeignKey Key) : SchemaChange
{
    public override string Describe() => $"add foreign key {Key.Name} on {Table.Name} ({string.Join(", ", Key.Columns)}) -> {Key.ReferencedTable}";
}

internal sealed record DropForeignKey(Table Table, ForeignKey Key) : SchemaChange
{
    public override string Describe() => $"drop foreign key {Key.Name} on {Table.Name}";
}

internal sealed record CreateView(View View) : SchemaChange
{
    public override string Describe() => $"create view {View.Name}";
}

internal sealed record DropView(View View) : SchemaChange
{
    public override string Describe() => $"drop view {View.Name}";
}

internal sealed record CreateTrigger(Trigger Trigger) : SchemaChange
{
    public override string Describe() => $"create trigger {Trigger.Name} on {Trigger.Table}";
}

internal sealed record DropTrigger(Trigger Trigger) : SchemaChange
{
    public override string Describe() => $"drop trigger {Trigger.Name} on {Trigger.Table}";
}

/// <summary>A part of an <see cref="AlterTable"/>.</summary>
internal abstract record TableChange
{
    public abstract string Describe();
}

internal sealed record AddColumn(Column Column) : TableChange
{
    public override string Describe() => $"add column {Column.Name} {Column.NativeType}";
}

internal sealed record DropColumn(Column Column) : TableChange
{
    public override string Describe() => $"drop column {Column.Name}";
}

internal sealed record AlterColumn(Column From, Column To) : TableChange
{
    public override string Describe()
    {
        var parts = new List<string>();
        if (!SchemaComparer.SameType(From.NativeType, To.NativeType)) parts.Add($"type {From.NativeType} -> {To.NativeType}");
        if (From.Nullable != To.Nullable) parts.Add(To.Nullable ? "nullable" : "not null");
        if (From.Default != To.Default) parts.Add($"default {From.Default ?? "none"} -> {To.Default ?? "none"}");
        if (From.Identity != To.Identity)
            parts.Add(To.Identity switch { ColumnIdentity.None => "no identity", ColumnIdentity.Always => "identity always", _ => "identity" });
        if (From.Collation != To.Collation) parts.Add($"collation {From.Collation ?? "default"} -> {To.Collation ?? "default"}");
        if (From.Comment != To.Comment) parts.Add("comment");
        return $"alter column {To.Name} ({string.Join(", ", parts)})";
    }
}

internal sealed record SetPrimaryKey(PrimaryKey? From, PrimaryKey? To) : TableChange
{
    public override string Describe() => To is null ? "drop primary key" : $"primary key ({string.Join(", ", To.Columns)})";
}

internal sealed record AddUnique(UniqueConstraint Unique) : TableChange
{
    public override string Describe() => $"add unique ({string.Join(", ", Unique.Columns)})";
}

internal sealed record DropUnique(UniqueConstraint Unique) : TableChange
{
    public override string Describe() => $"drop unique ({string.Join(", ", Unique.Columns)})";
}

internal sealed record AddCheck(CheckConstraint Check) : TableChange
{
    public override string Describe() => $"add check ({Check.Expression})";
}

internal sealed record DropCheck(CheckConstraint Check) : TableChange
{
    public override string Describe() => $"drop check ({Check.Expression})";
}

internal sealed record SetTableComment(string? Comment) : TableChange
{
    public override string Describe() => "comment";
}

/// <summary>A table's partitioning or a partition's bound changed: MySQL repartitions in place; PostgreSQL cannot, so there it is noted, never rendered.</summary>
internal sealed record SetPartitioning(string From, string To) : TableChange
{
    public override string Describe() => $"partitioning {From} -> {To}";
}

/// <summary>How the table stores its rows changed (SQLite's STRICT, WITHOUT ROWID): SQLite rebuilds the table.</summary>
internal sealed record SetTableOptions(string? From, string? To) : TableChange
{
    public override string Describe() => $"table options {From ?? "(none)"} -> {To ?? "(none)"}";
}

/// <summary>
/// A column dropped and another added with the same type on one table: perhaps a rename, which
/// the comparison does not guess. Rendered as a comment for the author.
/// </summary>
internal sealed record PossibleRename(string Table, string From, string To) : TableChange
{
    public override string Describe() => $"{From} dropped and {To} added with the same type: if this is a rename, write ALTER TABLE {Table} RENAME COLUMN {From} TO {To} instead";
}
