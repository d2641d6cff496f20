namespace PSMigrate.Schema.Comparison;

/// <summary>
/// What turns one schema into another, as changes in an order any of the three databases can
/// run: triggers and views that go or change first, enum types before the columns that use them,
/// foreign keys dropped before the tables they point at and added after the tables they need,
/// tables created parents first and dropped children first, views and triggers last. Both sides
/// come from the same dialect, so names compare as that dialect compares them and definitions as
/// the database itself normalized them. Renames are never guessed.
/// </summary>
internal sealed class SchemaComparer(StringComparer names)
{
    public IReadOnlyList<SchemaChange> Compare(DatabaseSchema from, DatabaseSchema to)
    {
        var changes = new List<SchemaChange>();
        // PostgreSQL refuses to change the type of a column a view reads: such views go first and come back last.
        var around = ViewsOver(Retyped(from, to), [.. from.Views, .. to.Views, .. from.MaterializedViews.Select(AsView), .. to.MaterializedViews.Select(AsView)]);
        bool Reads(View v) => around.Contains(v.Name);
        bool SameMaterialized(MaterializedView a, MaterializedView b) =>
            a.Definition == b.Definition && !around.Contains(a.Name) && a.Indexes.Count == b.Indexes.Count && a.Indexes.All(i => b.Indexes.Any(j => SameIndex(i, j)));

        var droppedViews = InDependencyOrder(Changed(from.Views, to.Views, (a, b) => a.Definition == b.Definition && !Reads(a), v => v.Name)).Reverse();
        var droppedTriggers = Changed(from.Triggers, to.Triggers, (a, b) => a.Definition == b.Definition, TriggerKey);
        changes.AddRange(droppedTriggers.Select(t => new DropTrigger(t)));
        changes.AddRange(droppedViews.Select(v => new DropView(v)));
        // A materialized view that changes in any way is made again (after the views over it went): it holds only derived rows.
        changes.AddRange(Changed(from.MaterializedViews, to.MaterializedViews, SameMaterialized, m => m.Name).Select(m => new DropMaterializedView(m)));

        // Enum types: new ones, and values appended or inserted keeping the old order.
        foreach (var type in to.Enums)
        {
            var old = from.Enums.FirstOrDefault(e => names.Equals(e.Name, type.Name));
            if (old is null) changes.Add(new CreateEnum(type));
            else if (old.Values.SequenceEqual(type.Values)) continue;
            else if (MustReplace(old, type)) changes.Add(new ReplaceEnum(old, type));
            else changes.Add(new AddEnumValues(old, type));
        }
        changes.AddRange(to.Domains.Where(d => !Has(from.Domains, d.Name, x => x.Name)).Select(d => new CreateDomain(d)));
        changes.AddRange(to.Domains.Select(d => (From: Find(from.Domains, d.Name, x => x.Name), To: d))
            .Where(p => p.From is not null && !p.From.Equals(p.To)).Select(p => new AlterDomain(p.From!, p.To)));
        // Routines early, as pg_dump places them: a default, a check or a trigger may call one (their bodies are not checked yet).
        changes.AddRange(to.Routines.Select(r => (From: Find(from.Routines, r.Name, x => x.Name), To: r))
            .Where(p => p.From?.Definition != p.To.Definition).Select(p => new CreateRoutine(p.To, Replaces: p.From is not null)));
        changes.AddRange(to.Sequences.Where(s => !Has(from.Sequences, s.Name, x => x.Name)).Select(s => new CreateSequence(s)));
        changes.AddRange(to.Sequences.Select(s => (From: Find(from.Sequences, s.Name, x => x.Name), To: s))
            .Where(p => p.From is not null && p.From != p.To).Select(p => new AlterSequence(p.From!, p.To)));

        var kept = to.Tables.Where(t => Has(from.Tables, t.Name, x => x.Name)).Select(t => (From: Find(from.Tables, t.Name, x => x.Name)!, To: t)).ToList();
        var created = to.Tables.Where(t => !Has(from.Tables, t.Name, x => x.Name)).ToList();
        var dropped = from.Tables.Where(t => !Has(to.Tables, t.Name, x => x.Name)).ToList();

        // Foreign keys that go: before any table they point at can be dropped or changed.
        var keysDropped = kept.SelectMany(k => k.From.ForeignKeys.Where(fk => !k.To.ForeignKeys.Any(b => SameKey(fk, b))).Select(fk => new DropForeignKey(k.From, fk)));
        changes.AddRange(keysDropped);
        foreach (var (a, b) in kept)
            changes.AddRange(a.Indexes.Where(i => !b.Indexes.Any(j => SameIndex(i, j))).Select(i => new DropIndex(a, i)));
        changes.AddRange(InDependencyOrder(dropped).Reverse().Select(t => new DropTable(t)));

        // New tables, parents first; a key into a cycle or to a table created later waits.
        var ordered = InDependencyOrder(created);
        var deferredKeys = new List<AddForeignKey>();
        var existing = new HashSet<string>(kept.Select(k => k.To.Name), names);
        foreach (var table in ordered)
        {
            existing.Add(table.Name);
            var later = table.ForeignKeys.Where(fk => !existing.Contains(fk.ReferencedTable)).ToList();
            changes.Add(new CreateTable(table with { ForeignKeys = table.ForeignKeys.Except(later).ToList() }));
            deferredKeys.AddRange(later.Select(fk => new AddForeignKey(table, fk)));
        }

        foreach (var (a, b) in kept)
        {
            var tableChanges = TableChanges(a, b);
            if (tableChanges.Count > 0) changes.Add(new AlterTable(a, b, tableChanges));
        }
        foreach (var (a, b) in kept)
            changes.AddRange(b.Indexes.Where(j => !a.Indexes.Any(i => SameIndex(i, j))).Select(j => new CreateIndex(b, j)));
        foreach (var table in ordered)
            changes.AddRange(table.Indexes.Select(i => new CreateIndex(table, i)));
        changes.AddRange(kept.SelectMany(k => k.To.ForeignKeys.Where(fk => !k.From.ForeignKeys.Any(a => SameKey(a, fk))).Select(fk => new AddForeignKey(k.To, fk))));
        changes.AddRange(deferredKeys);

        changes.AddRange(from.Sequences.Where(s => !Has(to.Sequences, s.Name, x => x.Name)).Select(s => new DropSequence(s)));
        changes.AddRange(from.Enums.Where(e => !Has(to.Enums, e.Name, x => x.Name)).Select(e => new DropEnum(e)));
        changes.AddRange(from.Domains.Where(d => !Has(to.Domains, d.Name, x => x.Name)).Select(d => new DropDomain(d)));
        changes.AddRange(from.Routines.Where(r => !Has(to.Routines, r.Name, x => x.Name)).Select(r => new DropRoutine(r)));
        changes.AddRange(Changed(to.MaterializedViews, from.MaterializedViews, SameMaterialized, m => m.Name).Select(m => new CreateMaterializedView(m)));
        changes.AddRange(InDependencyOrder(Changed(to.Views, from.Views, (a, b) => a.Definition == b.Definition && !Reads(b), v => v.Name)).Select(v => new CreateView(v)));
        changes.AddRange(Changed(to.Triggers, from.Triggers, (a, b) => a.Definition == b.Definition, TriggerKey).Select(t => new CreateTrigger(t)));
        return changes;
    }

    /// <summary>
    /// Tables with a column whose type changes: directly, or through an enum type replaced under it.
    /// Views that read them are dropped and created again around the change.
    /// </summary>
    private IReadOnlyList<string> Retyped(DatabaseSchema from, DatabaseSchema to)
    {
        var replacedEnums = to.Enums.Where(e => Find(from.Enums, e.Name, x => x.Name) is { } old && MustReplace(old, e))
            .Select(e => "enum:" + e.Name).ToHashSet(StringComparer.Ordinal);
        return to.Tables.Where(t => Find(from.Tables, t.Name, x => x.Name) is { } old && t.Columns.Any(c =>
                Find(old.Columns, c.Name, x => x.Name) is { } was && (!SameType(was.NativeType, c.NativeType) || replacedEnums.Contains(was.Type))))
            .Select(t => t.Name).ToList();
    }

    /// <summary>Whether an enum lost or reordered values: new values alone are added in place, anything else replaces the type.</summary>
    private static bool MustReplace(EnumType old, EnumType now) => !old.Values.SequenceEqual(now.Values.Where(v => old.Values.Contains(v)));

    private static View AsView(MaterializedView m) => new(m.Name, m.Definition);

    /// <summary>The views that read these tables, or read a view that does, and so on.</summary>
    private HashSet<string> ViewsOver(IReadOnlyList<string> tables, IReadOnlyList<View> views)
    {
        var found = new HashSet<string>(names);
        var frontier = tables.ToList();
        while (frontier.Count > 0)
        {
            var next = views.Where(v => !found.Contains(v.Name) && frontier.Any(t => SqlText.MentionsWord(v.Definition, t))).Select(v => v.Name).Distinct(names).ToList();
            found.UnionWith(next);
            frontier = next;
        }
        return found;
    }

    /// <summary>Views so that each comes after the views it reads (a view over a view is created after it and dropped before it).</summary>
    private IReadOnlyList<View> InDependencyOrder(IReadOnlyList<View> views)
    {
        var result = new List<View>();
        var placed = new HashSet<string>(names);
        var visiting = new HashSet<string>(names);
        void Visit(View view)
        {
            if (placed.Contains(view.Name) || !visiting.Add(view.Name)) return;
            foreach (var other in views.Where(o => !names.Equals(o.Name, view.Name) && SqlText.MentionsWord(view.Definition, o.Name))) Visit(other);
            placed.Add(view.Name);
            result.Add(view);
        }
        foreach (var view in views) Visit(view);
        return result;
    }

    /// <summary>A trigger is identified by its table and its name: fourteen tables may each have a trigger last_updated.</summary>
    private static string TriggerKey(Trigger t) => t.Table + "\u0001" + t.Name;

    private List<TableChange> TableChanges(Table a, Table b)
    {
        var changes = new List<TableChange>();
        var droppedColumns = a.Columns.Where(c => !Has(b.Columns, c.Name, x => x.Name)).ToList();
        var addedColumns = b.Columns.Where(c => !Has(a.Columns, c.Name, x => x.Name)).ToList();
        foreach (var gone in droppedColumns)
            if (addedColumns.FirstOrDefault(n => SameType(n.NativeType, gone.NativeType)) is { } twin)
                changes.Add(new PossibleRename(b.Name, gone.Name, twin.Name));
        if (!SamePrimaryKey(a.PrimaryKey, b.PrimaryKey)) changes.Add(new SetPrimaryKey(a.PrimaryKey, b.PrimaryKey));
        changes.AddRange(a.Uniques.Where(u => !b.Uniques.Any(v => SameColumns(u.Columns, v.Columns))).Select(u => new DropUnique(u)));
        changes.AddRange(a.Checks.Where(c => !b.Checks.Any(d => c.Expression == d.Expression)).Select(c => new DropCheck(c)));
        changes.AddRange(droppedColumns.Select(c => new DropColumn(c)));
        changes.AddRange(addedColumns.Select(c => new AddColumn(c)));
        foreach (var column in b.Columns)
            if (Find(a.Columns, column.Name, x => x.Name) is { } old && !SameColumn(old, column))
                changes.Add(new AlterColumn(old, column));
        changes.AddRange(b.Uniques.Where(v => !a.Uniques.Any(u => SameColumns(u.Columns, v.Columns))).Select(v => new AddUnique(v)));
        changes.AddRange(b.Checks.Where(d => !a.Checks.Any(c => c.Expression == d.Expression)).Select(d => new AddCheck(d)));
        if (a.Comment != b.Comment) changes.Add(new SetTableComment(b.Comment));
        if (a.Options != b.Options) changes.Add(new SetTableOptions(a.Options, b.Options));
        if ((a.PartitionBy, a.PartitionOf, a.PartitionBound) != (b.PartitionBy, b.PartitionOf, b.PartitionBound))
            changes.Add(new SetPartitioning(Partitioning(a), Partitioning(b)));
        // A possible rename alone is no change.
        return changes.All(c => c is PossibleRename) ? [] : changes;
    }

    private static string Partitioning(Table t) =>
        string.Join(" ", new[] { t.PartitionOf is null ? null : $"partition of {t.PartitionOf} {t.PartitionBound}", t.PartitionBy is null ? null : "by " + t.PartitionBy }
            .Where(p => p is not null)) is { Length: > 0 } text ? text : "(none)";

    /// <summary>Tables so that each comes after the tables its foreign keys point at, and a partition after its parent (a cycle keeps list order).</summary>
    private IReadOnlyList<Table> InDependencyOrder(IReadOnlyList<Table> tables)
    {
        var done = new HashSet<string>(names);
        var result = new List<Table>();
        var visiting = new HashSet<string>(names);
        void Visit(Table table)
        {
            if (done.Contains(table.Name) || !visiting.Add(table.Name)) return;
            foreach (var referenced in table.ForeignKeys.Select(fk => fk.ReferencedTable).Append(table.PartitionOf).OfType<string>())
                if (Find(tables, referenced, t => t.Name) is { } parent && !names.Equals(parent.Name, table.Name)) Visit(parent);
            done.Add(table.Name);
            result.Add(table);
        }
        foreach (var table in tables.OrderBy(t => t.Name, StringComparer.Ordinal)) Visit(table);
        return result;
    }

    /// <summary>Items of <paramref name="side"/> that the other side lacks or has differently.</summary>
    private List<T> Changed<T>(IReadOnlyList<T> side, IReadOnlyList<T> other, Func<T, T, bool> same, Func<T, string> name) where T : class =>
        side.Where(x => Find(other, name(x), name) is not { } twin || !same(x, twin)).ToList();

    private bool Has<T>(IReadOnlyList<T> items, string name, Func<T, string> key) where T : class => Find(items, name, key) is not null;

    private T? Find<T>(IReadOnlyList<T> items, string name, Func<T, string> key) where T : class =>
        items.FirstOrDefault(i => names.Equals(key(i), name));

    private bool SameColumns(IReadOnlyList<string> a, IReadOnlyList<string> b) => a.Count == b.Count && a.Zip(b).All(p => names.Equals(p.First, p.Second));

    private bool SamePrimaryKey(PrimaryKey? a, PrimaryKey? b) => a is null ? b is null : b is not null && SameColumns(a.Columns, b.Columns);

    private bool SameIndex(TableIndex a, TableIndex b) =>
        names.Equals(a.Name, b.Name) && a.Unique == b.Unique && a.Where == b.Where && a.Method == b.Method && SameColumns(a.Columns, b.Columns);

    private bool SameKey(ForeignKey a, ForeignKey b) =>
        SameColumns(a.Columns, b.Columns) && names.Equals(a.ReferencedTable, b.ReferencedTable) && SameColumns(a.ReferencedColumns, b.ReferencedColumns)
        && a.OnDelete == b.OnDelete && a.OnUpdate == b.OnUpdate;

    private static bool SameColumn(Column a, Column b) =>
        SameType(a.NativeType, b.NativeType) && a.Nullable == b.Nullable && a.Default == b.Default && a.Identity == b.Identity
        && a.Collation == b.Collation && a.Comment == b.Comment && a.Generated == b.Generated;

    public static bool SameType(string a, string b) => string.Equals(SqlText.Normalize(a), SqlText.Normalize(b), StringComparison.OrdinalIgnoreCase);
}
