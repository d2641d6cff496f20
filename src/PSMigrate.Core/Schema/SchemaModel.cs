namespace PSMigrate.Schema;

/// <summary>
/// A database schema as PSMigrate models it: what a comparison can see and a renderer can build.
/// Pure data, sorted by name, so two inspections of the same database are equal and serialize
/// the same. Names are kept as the database reports them; each dialect says how it compares them.
/// </summary>
internal sealed record DatabaseSchema(
    IReadOnlyList<Table> Tables,
    IReadOnlyList<View> Views,
    IReadOnlyList<EnumType> Enums,
    IReadOnlyList<Sequence> Sequences,
    IReadOnlyList<Trigger> Triggers,
    IReadOnlyList<UnmanagedObject> Unmanaged)
{
    public static readonly DatabaseSchema Empty = new([], [], [], [], [], []);

    /// <summary>PostgreSQL domains: made before the tables whose columns use them.</summary>
    public IReadOnlyList<DomainType> Domains { get; init; } = [];

    /// <summary>PostgreSQL functions and procedures, each with the whole statement that makes it.</summary>
    public IReadOnlyList<Routine> Routines { get; init; } = [];

    /// <summary>PostgreSQL materialized views, with their indexes.</summary>
    public IReadOnlyList<MaterializedView> MaterializedViews { get; init; } = [];
}

/// <summary>
/// A column. <see cref="Type"/> is the neutral type the comparison uses (integer, bigint, text,
/// varchar(n), numeric(p,s), real, double, boolean, date, timestamp, blob, json, uuid, enum:NAME, or
/// the native type when it has no neutral name); <see cref="NativeType"/> is the database's own spelling.
/// <see cref="Identity"/> says whether the database numbers the column itself.
/// </summary>
internal sealed record Column(
    string Name,
    string Type,
    string NativeType,
    bool Nullable,
    string? Default,
    ColumnIdentity Identity,
    string? Collation,
    string? Comment)
{
    /// <summary>A generated column's expression and whether it is stored (PostgreSQL's are; MySQL's may be virtual); it has no default.</summary>
    public GeneratedColumn? Generated { get; init; }
}

internal sealed record GeneratedColumn(string Expression, bool Stored);

/// <summary>
/// How a column numbers itself: SQLite's AUTOINCREMENT and MySQL's AUTO_INCREMENT take a value
/// given in the INSERT (by default); PostgreSQL also has GENERATED ALWAYS, which refuses one.
/// </summary>
internal enum ColumnIdentity { None, ByDefault, Always }

internal sealed record PrimaryKey(string? Name, IReadOnlyList<string> Columns);

internal sealed record UniqueConstraint(string Name, IReadOnlyList<string> Columns);

/// <summary>
/// An index; <see cref="Columns"/> holds column names or, for an expression, its text; <see cref="Where"/> makes it partial.
/// <see cref="Method"/> is how it is built when not the default: PostgreSQL's gist, gin, brin, hash;
/// MySQL's FULLTEXT and SPATIAL.
/// </summary>
internal sealed record TableIndex(string Name, IReadOnlyList<string> Columns, bool Unique, string? Where, string? Method = null);

internal enum ReferentialAction { NoAction, Restrict, Cascade, SetNull, SetDefault }

internal sealed record ForeignKey(
    string Name,
    IReadOnlyList<string> Columns,
    string ReferencedTable,
    IReadOnlyList<string> ReferencedColumns,
    ReferentialAction OnDelete,
    ReferentialAction OnUpdate);

internal sealed record CheckConstraint(string Name, string Expression);

/// <summary>
/// A table. <see cref="Options"/> holds what follows its column list and changes how it stores
/// rows, as the database spells it: SQLite's <c>STRICT</c> and <c>WITHOUT ROWID</c> (a rebuild keeps them),
/// MySQL's <c>ENGINE=</c> when it is not InnoDB.
/// </summary>
internal sealed record Table(
    string Name,
    IReadOnlyList<Column> Columns,
    PrimaryKey? PrimaryKey,
    IReadOnlyList<UniqueConstraint> Uniques,
    IReadOnlyList<TableIndex> Indexes,
    IReadOnlyList<ForeignKey> ForeignKeys,
    IReadOnlyList<CheckConstraint> Checks,
    string? Comment,
    string? Options = null)
{
    /// <summary>
    /// Partitioning: what follows PARTITION BY (PostgreSQL's <c>RANGE (payment_date)</c>; MySQL's with its
    /// partitions listed, as MySQL keeps them in the table). On PostgreSQL a partition is a table of its own,
    /// with its parent and bound (<c>FOR VALUES FROM ... TO ...</c>, or <c>DEFAULT</c>), holding only what is
    /// its own: the columns, keys and indexes it inherits are the parent's.
    /// </summary>
    public string? PartitionBy { get; init; }
    public string? PartitionOf { get; init; }
    public string? PartitionBound { get; init; }
}

/// <summary>A view, its definition normalized (whitespace collapsed, no trailing semicolon).</summary>
internal sealed record View(string Name, string Definition);

/// <summary>A PostgreSQL domain: its base type, default, NOT NULL and named checks (their expressions over VALUE).</summary>
internal sealed record DomainType(string Name, string BaseType, string? Default, bool NotNull, IReadOnlyList<CheckConstraint> Checks)
{
    public bool Equals(DomainType? other) => other is not null && Name == other.Name && BaseType == other.BaseType && Default == other.Default
                                             && NotNull == other.NotNull && Checks.SequenceEqual(other.Checks);

    public override int GetHashCode() => HashCode.Combine(Name, BaseType, Default, NotNull, Checks.Count);
}

/// <summary>
/// A function or procedure: <see cref="Name"/> carries its argument types (overloads are different
/// routines), <see cref="Definition"/> the CREATE OR REPLACE statement the server prints for it.
/// </summary>
internal sealed record Routine(string Kind, string Name, string Definition);

/// <summary>A materialized view: its normalized definition and the indexes on it. Made with its data (refreshed on create).</summary>
internal sealed record MaterializedView(string Name, string Definition, IReadOnlyList<TableIndex> Indexes);

/// <summary>A PostgreSQL enum type: its values in order.</summary>
internal sealed record EnumType(string Name, IReadOnlyList<string> Values);

internal sealed record Sequence(string Name, long Start, long Increment);

/// <summary>A trigger: its table and its name are what identify it (PostgreSQL and MySQL name triggers per table); its whole definition normalized.</summary>
internal sealed record Trigger(string Name, string Table, string Definition);

/// <summary>
/// Something the model does not cover (a function, a domain, a policy, ...): listed, never dropped
/// or rendered. <see cref="Definition"/>, as the database prints it, tells a changed one from an equal one.
/// </summary>
internal sealed record UnmanagedObject(string Kind, string Name, string? Definition = null)
{
    public override string ToString() => $"{Kind} {Name}";
}
