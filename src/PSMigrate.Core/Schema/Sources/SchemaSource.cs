using System.Data.Common;
using PSMigrate.Dialects;
using PSMigrate.Execution;
using PSMigrate.Schema.Inspection;
using PSMigrate.Scripts;
using PSMigrate.Sql;

namespace PSMigrate.Schema.Sources;

/// <summary>
/// Where a schema comes from: the migration folder at a target (upgraded on a scratch database),
/// a desired-state .sql file (run on a scratch database), or a live database (inspected, read only).
/// </summary>
internal abstract record SchemaSource
{
    public abstract DatabaseSchema Load(MigrationProject project, DialectKind dialect, DatabaseAddress? dev);

    /// <summary>The dialect the source itself fixes: a database's; null for sources that build in any.</summary>
    public virtual DialectKind? Dialect => null;

    /// <summary><c>migrations</c> or <c>migrations@TARGET</c>, a path ending in .sql, or a database address.</summary>
    public static SchemaSource Parse(string text, MigrationProject project, string currentDirectory)
    {
        if (text == "migrations") return new FromMigrations(["heads"]);
        if (text.StartsWith("migrations@", StringComparison.Ordinal)) return new FromMigrations([text["migrations@".Length..]]);
        if (text.EndsWith(".sql", StringComparison.OrdinalIgnoreCase) && !text.Contains("://", StringComparison.Ordinal))
            return new FromFile(Path.GetFullPath(text, currentDirectory));
        var address = project.ForDatabase(text);
        return new FromDatabase(address.Address, project.Folder.Config);
    }

    /// <summary>The names of PSMigrate's own tables, which no schema includes.</summary>
    protected static IReadOnlySet<string> Bookkeeping(MigrationConfig config) =>
        new HashSet<string>([config.VersionTable.Split('.')[^1], config.JournalTable.Split('.')[^1]], StringComparer.OrdinalIgnoreCase);

    protected static DatabaseSchema Inspect(SqlDialect dialect, DatabaseAddress address, MigrationConfig config)
    {
        using var connection = DatabaseSession.Guard(address, () => dialect.Driver.Open(address, readOnly: true, TimeSpan.FromSeconds(30)));
        if (connection is null) return DatabaseSchema.Empty;
        return DatabaseSession.Guard(address, () => SchemaInspector.For(dialect.Kind).Inspect(connection, Bookkeeping(config)));
    }

    /// <summary>The folder upgraded to each of <see cref="Targets"/> in turn (a database's current revisions, for drift).</summary>
    public sealed record FromMigrations(IReadOnlyList<string> Targets) : SchemaSource
    {
        public override DatabaseSchema Load(MigrationProject project, DialectKind dialect, DatabaseAddress? dev)
        {
            using var scratch = ScratchDatabase.Create(dialect, dev);
            var migrator = new Migrator(project, scratch.Address, null);
            foreach (var target in Targets.Where(t => t != "base")) migrator.Upgrade(target).ThrowIfFailed();
            return Inspect(SqlDialect.For(dialect), scratch.Address, project.Folder.Config);
        }

        public override string ToString() => $"migrations@{(Targets.Count == 0 ? "base" : string.Join(",", Targets))}";
    }

    /// <summary>
    /// A desired-state file, run statement by statement; its statements end as a revision
    /// section's do (<c>-- +statement-begin</c> / <c>-- +statement-end</c> keep a body whole).
    /// </summary>
    public sealed record FromFile(string FilePath) : SchemaSource
    {
        public override DatabaseSchema Load(MigrationProject project, DialectKind dialect, DatabaseAddress? dev)
        {
            var statements = Statements(FilePath, dialect);
            using var scratch = ScratchDatabase.Create(dialect, dev);
            var sql = SqlDialect.For(dialect);
            using (var connection = scratch.Open())
            {
                foreach (var setup in sql.Integrity.SessionSetup) Drivers.Execute(connection, setup);
                // One transaction where DDL is transactional: a thousand tables are one commit, not a thousand.
                using var transaction = sql.TransactionalDdl ? connection.BeginTransaction() : null;
                foreach (var statement in statements)
                {
                    try { Drivers.Execute(connection, statement.Text, transaction); }
                    catch (DbException e)
                    {
                        throw new MigrationException(ErrorIds.SchemaFileFailed, $"{FilePath}:{statement.Line}: {e.Message}", e)
                            { FilePath = FilePath, Line = statement.Line, Kind = ErrorKind.InvalidData };
                    }
                }
                transaction?.Commit();
            }
            return Inspect(sql, scratch.Address, project.Folder.Config);
        }

        private static IReadOnlyList<SqlStatement> Statements(string path, DialectKind dialect)
        {
            if (!File.Exists(path))
                throw new MigrationException(ErrorIds.FileError, $"{path}: no such schema file") { FilePath = path, Kind = ErrorKind.ObjectNotFound };
            // Read as the body of a revision's upgrade section: the same lexer, the same markers, the same checks.
            const string header = "-- Revision: schema\n-- +upgrade\n";
            var revision = RevisionParser.Parse(header + File.ReadAllText(path), path);
            var rules = SqlDialect.For(dialect).Lexer;
            return revision.SectionsFor(Direction.Upgrade, dialect)
                .SelectMany(s => s.Chunks)
                .SelectMany(c => StatementSplitter.Split(c, rules, path))
                .Select(s => s with { Line = s.Line - 2 })
                .ToList();
        }

        public override string ToString() => FilePath;
    }

    public sealed record FromDatabase(DatabaseAddress Address, MigrationConfig Config) : SchemaSource
    {
        public override DialectKind? Dialect => Address.Dialect;

        public override DatabaseSchema Load(MigrationProject project, DialectKind dialect, DatabaseAddress? dev) =>
            Inspect(SqlDialect.For(dialect), Address, Config);

        public override string ToString() => Address.ToString();
    }
}
