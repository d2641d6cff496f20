using PSMigrate.Dialects;
using PSMigrate.Execution;
using PSMigrate.Graph;
using PSMigrate.Files;
using PSMigrate.Sql;

namespace PSMigrate.Schema.Sources;

/// <summary>What loading a schema needs: the folder and its graph, the dialect to build in, and the dev database for a server's scratch database.</summary>
internal sealed record SchemaBuild(MigrationFolder Folder, RevisionGraph Graph, SqlDialect Dialect, DatabaseAddress? Dev)
{
    /// <summary>The names of PSMigrate's own tables, which no schema includes.</summary>
    public IReadOnlySet<string> Bookkeeping { get; } =
        new HashSet<string>([Folder.Config.VersionTable.Split('.')[^1], Folder.Config.JournalTable.Split('.')[^1], .. Dialect.OwnTables], StringComparer.OrdinalIgnoreCase);

    /// <summary>The model of a database, read only; one that does not exist yet is empty.</summary>
    public DatabaseSchema Inspect(DatabaseAddress address)
    {
        using var connection = DatabaseSession.Guard(address, () => Dialect.Driver.Open(address, readOnly: true, TimeSpan.FromSeconds(30)));
        if (connection is null) return DatabaseSchema.Empty;
        return DatabaseSession.Guard(address, () => Dialect.Inspector.Inspect(connection, Bookkeeping));
    }

    /// <summary>A runner of the folder's revisions on a scratch database.</summary>
    public MigrationRunner Runner(ScratchDatabase scratch) => new(Folder, Graph, scratch.Address);
}

/// <summary>
/// Where a schema comes from: the migration folder at a target (upgraded on a scratch database),
/// a desired-state .sql file (run on a scratch database), or a live database (inspected, read only).
/// </summary>
internal abstract record SchemaSource
{
    public abstract DatabaseSchema Load(SchemaBuild build);

    /// <summary>The dialect the source itself fixes: a database's; null for sources that build in any.</summary>
    public virtual DialectKind? Dialect => null;

    /// <summary><c>migrations</c> or <c>migrations@TARGET</c>, a path ending in .sql, or a database address.</summary>
    public static SchemaSource Parse(string text, AddressResolver resolver)
    {
        if (text == "migrations") return new FromMigrations(["heads"]);
        if (text.StartsWith("migrations@", StringComparison.Ordinal)) return new FromMigrations([text["migrations@".Length..]]);
        if (text.EndsWith(".sql", StringComparison.OrdinalIgnoreCase) && !text.Contains("://", StringComparison.Ordinal))
            return new FromFile(Path.GetFullPath(text, resolver.CurrentDirectory));
        return new FromDatabase(resolver.Resolve(text));
    }

    /// <summary>The folder upgraded to each of <see cref="Targets"/> in turn (a database's current revisions, for drift).</summary>
    public sealed record FromMigrations(IReadOnlyList<string> Targets) : SchemaSource
    {
        public override DatabaseSchema Load(SchemaBuild build)
        {
            using var scratch = build.Dialect.CreateScratch(build.Dev);
            var runner = build.Runner(scratch);
            foreach (var target in Targets.Where(t => t != "base")) runner.Upgrade(target).ThrowIfFailed();
            return build.Inspect(scratch.Address);
        }

        public override string ToString() => $"migrations@{(Targets.Count == 0 ? "base" : string.Join(",", Targets))}";
    }

    /// <summary>
    /// A desired-state file, run statement by statement; its statements end as a revision
    /// section's do (<c>-- +statement-begin</c> / <c>-- +statement-end</c> keep a body whole).
    /// </summary>
    public sealed record FromFile(string FilePath) : SchemaSource
    {
        public override DatabaseSchema Load(SchemaBuild build)
        {
            var dialect = build.Dialect;
            var statements = Statements(FilePath, dialect);
            using var scratch = dialect.CreateScratch(build.Dev);
            using (var connection = scratch.Open())
            {
                foreach (var setup in dialect.Integrity.SessionSetup) Drivers.Execute(connection, setup);
                // One transaction where DDL is transactional: a thousand tables are one commit, not a thousand.
                using var transaction = dialect.TransactionalDdl ? connection.BeginTransaction() : null;
                foreach (var statement in statements)
                    SqlDialect.FileStep(FilePath, statement.Line, () => Drivers.Execute(connection, statement.Text, transaction));
                transaction?.Commit();
            }
            return build.Inspect(scratch.Address);
        }

        private static IReadOnlyList<SqlStatement> Statements(string path, SqlDialect dialect)
        {
            if (!File.Exists(path))
                throw new MigrationException(ErrorIds.FileError, $"{path}: no such schema file") { FilePath = path, Kind = ErrorKind.ObjectNotFound };
            // Read as the body of a revision's upgrade section: the same lexer, the same markers, the same checks.
            const string header = "-- Revision: schema\n-- +upgrade\n";
            var revision = RevisionParser.Parse(header + File.ReadAllText(path), path);
            return revision.SectionsFor(Direction.Upgrade, dialect.Kind)
                .SelectMany(s => s.Chunks)
                .SelectMany(c => StatementSplitter.Split(c, dialect.Lexer, path))
                .Select(s => s with { Line = s.Line - 2 })
                .ToList();
        }

        public override string ToString() => FilePath;
    }

    public sealed record FromDatabase(DatabaseAddress Address) : SchemaSource
    {
        public override DialectKind? Dialect => Address.Dialect;

        public override DatabaseSchema Load(SchemaBuild build) => build.Inspect(Address);

        public override string ToString() => Address.ToString();
    }
}
