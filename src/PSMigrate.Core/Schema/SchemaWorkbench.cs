using System.Text;
using PSMigrate.Dialects;
using PSMigrate.Execution;
using PSMigrate.Graph;
using PSMigrate.Schema.Comparison;
using PSMigrate.Schema.Rendering;
using PSMigrate.Schema.Sources;
using PSMigrate.Files;

namespace PSMigrate.Schema;

/// <summary>
/// Inspect → compare → render for one folder (Atlas's pipeline): schemas loaded from their
/// sources in one dialect, compared, and the changes rendered both ways.
/// </summary>
internal sealed class SchemaWorkbench(MigrationFolder folder, RevisionGraph graph, SchemaOptions options, AddressResolver resolver)
{
    private readonly IReadOnlyDictionary<DialectKind, DatabaseAddress> _devs = DevDatabases(folder.Config, options, resolver);

    /// <summary>
    /// The dev database for each dialect: given in the options (one per dialect), else psmigrate.json's
    /// "devDatabases" for that dialect, else its "devDatabase" where that is of the dialect.
    /// </summary>
    private static IReadOnlyDictionary<DialectKind, DatabaseAddress> DevDatabases(MigrationConfig config, SchemaOptions options, AddressResolver resolver)
    {
        var devs = new Dictionary<DialectKind, DatabaseAddress>();
        if (config.DevDatabase is { } single && resolver.Resolve(single) is var fromFile) devs[fromFile.Dialect] = fromFile;
        foreach (var (dialect, address) in config.DevDatabases) devs[dialect] = resolver.Resolve(address);
        var given = new HashSet<DialectKind>();
        foreach (var address in (options.DevDatabases ?? []).Select(resolver.Resolve))
        {
            if (!given.Add(address.Dialect))
                throw new MigrationException(ErrorIds.InvalidCommandLine,
                    $"two dev databases for {address.Dialect.Name()} ({devs[address.Dialect]} and {address}): give one per dialect")
                    { Kind = ErrorKind.InvalidArgument };
            devs[address.Dialect] = address;
        }
        return devs;
    }

    /// <summary>The dev database for a dialect, or null (SQLite needs none; a server dialect without one fails when a scratch database is made).</summary>
    public DatabaseAddress? DevFor(DialectKind dialect) => _devs.GetValueOrDefault(dialect);

    public SchemaSource Source(string text) => SchemaSource.Parse(text, resolver);

    public string DefaultSchemaFile => Path.Combine(folder.Config.FolderPath, "schema.sql");

    /// <summary>
    /// The dialect to work in: a database's, when a source is one; otherwise the one asked for,
    /// the dev database's, the folder's first declared one, or SQLite.
    /// </summary>
    public DialectKind Dialect(params SchemaSource[] sources)
    {
        var fixedBy = sources.Select(s => s.Dialect).OfType<DialectKind>().Distinct().ToList();
        if (fixedBy.Count > 1)
            throw new MigrationException(ErrorIds.InvalidCommandLine, $"cannot compare a {fixedBy[0].Name()} database with a {fixedBy[1].Name()} one: a comparison is within one dialect")
                { Kind = ErrorKind.InvalidArgument };
        if (fixedBy.Count == 1) return fixedBy[0];
        if (options.Dialect is { } named)
            return DialectNames.Parse(named) ?? throw new MigrationException(ErrorIds.InvalidDatabaseAddress, $"unknown dialect '{MigrationException.Echo(named)}' (expected sqlite, postgresql or mysql)")
                { Kind = ErrorKind.InvalidArgument };
        return _devs.Count == 1 && folder.Config.Dialects.Count == 0 ? _devs.Keys.Single() : folder.Config.Dialects.FirstOrDefault(DialectKind.Sqlite);
    }

    public DatabaseSchema Load(SchemaSource source, SqlDialect dialect) => source.Load(Build(dialect));

    public SchemaBuild Build(SqlDialect dialect) => new(folder, graph, dialect, DevFor(dialect.Kind));

    public SchemaDiff Diff(SchemaSource from, SchemaSource to)
    {
        var dialect = SqlDialect.For(Dialect(from, to));
        return Diff(Load(from, dialect), Load(to, dialect), dialect, from.ToString()!, to.ToString()!);
    }

    /// <summary>A database against the schema its applied revisions produce: drift, as what would turn the migrations' schema into the database's.</summary>
    public SchemaDiff Drift(MigrationRunner database) =>
        Diff(new SchemaSource.FromMigrations(database.Current().Select(r => r.Id).ToArray()), new SchemaSource.FromDatabase(database.Address));

    /// <summary>The schema a source describes, as stable, sorted JSON.</summary>
    public string Export(string source)
    {
        var parsed = Source(source);
        var dialect = SqlDialect.For(Dialect(parsed));
        return SchemaJson.Write(Load(parsed, dialect), dialect.Name);
    }

    public static SchemaDiff Diff(DatabaseSchema a, DatabaseSchema b, SqlDialect dialect, string fromName, string toName)
    {
        var both = Compare(a, b, dialect);
        return new SchemaDiff(dialect.Name, fromName, toName,
            [.. both.Changes.Select(c => new SchemaDifference(c.GetType().Name, c.Describe())), .. Unrendered(a, b, fromName, toName)],
            Script(both.Upgrade), Script(both.Downgrade),
            a.Unmanaged.Concat(b.Unmanaged).Select(u => u.ToString()).Distinct().Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// What differs among the objects the model does not cover: never silently equal, though no
    /// SQL is written for them. An object on one side only, or defined differently, is a difference.
    /// </summary>
    private static IEnumerable<SchemaDifference> Unrendered(DatabaseSchema a, DatabaseSchema b, string fromName, string toName)
    {
        var before = a.Unmanaged.GroupBy(u => u.ToString()).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var after = b.Unmanaged.GroupBy(u => u.ToString()).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var key in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            var description = (before.GetValueOrDefault(key), after.GetValueOrDefault(key)) switch
            {
                (null, _) => $"{key} is in {toName} only; not modelled, so not rendered",
                (_, null) => $"{key} is in {fromName} only; not modelled, so not rendered",
                var (x, y) when x.Definition != y.Definition => $"{key} changed; not modelled, so not rendered",
                _ => null,
            };
            if (description is not null) yield return new SchemaDifference("NotModelled", description);
        }
    }

    /// <summary>The changes from a to b, and the DDL both ways.</summary>
    private sealed record Comparison(IReadOnlyList<SchemaChange> Changes, IReadOnlyList<RenderedStatement> Upgrade, IReadOnlyList<RenderedStatement> Downgrade);

    private static Comparison Compare(DatabaseSchema a, DatabaseSchema b, SqlDialect dialect)
    {
        var comparer = new SchemaComparer(dialect.Names);
        var renderer = dialect.Renderer;
        var up = comparer.Compare(a, b);
        return new Comparison(up, renderer.Render(up, a, b), renderer.Render(comparer.Compare(b, a), b, a));
    }

    /// <summary>
    /// The sections of a generated revision: for one undeclared dialect plain ones, otherwise a
    /// pair per dialect; PostgreSQL's enum additions in an autocommit section of their own. Null
    /// when no dialect has a difference.
    /// </summary>
    public string? RevisionBody(SchemaSource desired, bool downgrades, out IReadOnlyList<SchemaDifference> differences)
    {
        var declared = folder.Config.Dialects;
        var kinds = desired.Dialect is { } fixedDialect ? [fixedDialect] : declared.Count > 0 ? declared : [Dialect()];
        var labelled = declared.Count > 0;
        var body = new StringBuilder();
        var found = new List<SchemaDifference>();
        foreach (var dialect in kinds.Select(SqlDialect.For))
        {
            var (heads, wanted) = (Load(new SchemaSource.FromMigrations(["heads"]), dialect), Load(desired, dialect));
            var both = Compare(heads, wanted, dialect);
            if (both.Changes.Count == 0) continue;
            if (found.Count == 0) found.AddRange(both.Changes.Select(c => new SchemaDifference(c.GetType().Name, c.Describe())));
            // What the model cannot render (a MySQL routine, a PostgreSQL aggregate) must still be written, or what uses it fails.
            var byHand = wanted.Unmanaged.Except(heads.Unmanaged)
                .Select(u => new RenderedStatement(heads.Unmanaged.Any(h => h.ToString() == u.ToString())
                    ? $"-- psmigrate: {u} changed in {desired} but is not modelled: write the change here by hand"
                    : $"-- psmigrate: {u} is in {desired} but not modelled: write it here by hand, before what uses it", Note: true));
            if (wanted.Unmanaged.Concat(heads.Unmanaged).Select(u => u.ToString()).Distinct().Order(StringComparer.Ordinal).ToList() is { Count: > 0 } unmodelled)
                body.Append($"\n-- Left alone, as not modelled in {dialect.Name} (a change to one is noted, never rendered): {string.Join(", ", unmodelled)}\n");
            Sections(body, "upgrade", labelled ? dialect.Name : null, [.. byHand, .. both.Upgrade]);
            if (downgrades) Sections(body, "downgrade", labelled ? dialect.Name : null, both.Downgrade);
        }
        differences = found;
        return found.Count == 0 ? null : body.ToString();
    }

    private static void Sections(StringBuilder body, string direction, string? dialect, IReadOnlyList<RenderedStatement> statements)
    {
        var label = dialect is null ? "" : " " + dialect;
        var autocommit = statements.Where(s => s.Autocommit).ToList();
        if (autocommit.Count > 0) body.Append($"\n-- +{direction}{label} autocommit\n").Append(Script(autocommit));
        body.Append($"\n-- +{direction}{label}\n").Append(Script(statements.Where(s => !s.Autocommit).ToList()));
    }

    /// <summary>Statements as a revision section or a script holds them; a compound one between statement markers.</summary>
    public static string Script(IReadOnlyList<RenderedStatement> statements)
    {
        var text = new StringBuilder();
        foreach (var s in statements)
        {
            if (s.Note) text.Append(s.Sql).Append('\n');
            else if (s.Compound) text.Append("-- +statement-begin\n").Append(s.Sql.TrimEnd().TrimEnd(';')).Append(";\n-- +statement-end\n");
            else text.Append(s.Sql).Append(";\n");
        }
        return text.ToString();
    }
}
