using System.Data.Common;
using PSMigrate.Bookkeeping;
using PSMigrate.Dialects.MySql;
using PSMigrate.Dialects.PostgreSql;
using PSMigrate.Dialects.Sqlite;
using PSMigrate.Schema;
using PSMigrate.Schema.Inspection;
using PSMigrate.Schema.Rendering;
using PSMigrate.Schema.Sources;
using PSMigrate.Sql;

namespace PSMigrate.Dialects;

/// <summary>
/// How a dialect keeps a migration from breaking references: settings for the session before
/// any transaction opens, and a query that lists dangling references at the end of each revision.
/// </summary>
internal sealed record IntegrityRules(IReadOnlyList<string> SessionSetup, string? ForeignKeyCheck)
{
    public static readonly IntegrityRules ServerEnforced = new([], null);
}

/// <summary>A write session as it starts: its home, and why the server will not take writes (a standby), or null.</summary>
internal sealed record SessionStart(SessionHome? Home, string? ReadOnly);

/// <summary>
/// The schema as a cheap text for comparing before and after a step, and the model it stands for,
/// built only when two texts differ.
/// </summary>
internal sealed record SchemaPicture(string Text, Func<DatabaseSchema> Model);

/// <summary>
/// Everything that differs between databases, as narrow parts that each consumer takes alone: the
/// lexer's rules (the splitter), the driver (connection and lock), the SQL of PSMigrate's own tables
/// (the bookkeeping), integrity rules (the compiler), script syntax (the script writer), and the
/// schema pipeline's inspector, renderer and scratch databases. Each database implements it in a
/// folder of its own under Dialects/; adding a database is adding a folder and a line to
/// <see cref="For"/>. Parts are built when asked for, so a SQLite run never loads another driver.
/// </summary>
internal abstract class SqlDialect
{
    public abstract DialectKind Kind { get; }

    public string Name => Kind.Name();

    /// <summary>Whether DDL rolls back with its transaction, so a revision can be atomic.</summary>
    public abstract bool TransactionalDdl { get; }

    /// <summary>Whether the database is one file that opening for writing creates (so nothing is opened before a plan is known to be good).</summary>
    public virtual bool DatabaseIsFile => false;

    public abstract SplitterRules Lexer { get; }
    public abstract Quoting Quoting { get; }
    public abstract IDatabaseDriver Driver { get; }
    public abstract BookkeepingDialect Bookkeeping { get; }
    public virtual IntegrityRules Integrity => IntegrityRules.ServerEnforced;
    public abstract ScriptSyntax Script { get; }

    /// <summary>How the database compares identifiers, which the schema comparison follows.</summary>
    public abstract StringComparer Names { get; }

    public abstract SchemaInspector Inspector { get; }
    public abstract SchemaRenderer Renderer { get; }

    /// <summary>A throwaway database to build a schema in; a server dialect makes it through <paramref name="dev"/>.</summary>
    public abstract ScratchDatabase CreateScratch(DatabaseAddress? dev);

    /// <summary>A query with parameters @t and @c for a column's type as the database has it now (lint's narrowing rule).</summary>
    public abstract string ColumnTypeQuery { get; }

    /// <summary>The schema as a picture: by default the inspected model as JSON.</summary>
    public virtual SchemaPicture Picture(DbConnection connection, IReadOnlySet<string> ignored)
    {
        var model = Inspector.Inspect(connection, ignored);
        return new SchemaPicture(SchemaJson.Write(model, Name), () => model);
    }

    public BookkeepingSql Tables(string versionTable, string journalTable, SessionHome? home = null) => new(Bookkeeping, versionTable, journalTable, home);

    /// <summary>
    /// What a run needs to know of a session it is about to write through: where it is (null for a
    /// dialect whose session has no home to leave, SQLite), and why the server takes no writes, if it does not.
    /// </summary>
    public virtual SessionStart ReadSession(DbConnection connection) => new(null, null);

    /// <summary>The home an offline script finds when it starts, for <paramref name="address"/> (which may name no database).</summary>
    public virtual SessionHome? OfflineHome(DatabaseAddress address) => null;

    /// <summary>Tables of PSMigrate's own besides the version table and journal (a Galera cluster's lease table), which no schema includes.</summary>
    public virtual IReadOnlyList<string> OwnTables => [];

    /// <summary>The server as status shows it: its version, and what else a person should know of it.</summary>
    public virtual string DescribeServer(DbConnection connection) => connection.ServerVersion;

    /// <summary>The session setting that bounds each statement's wait for a table lock; null where there is none to set (SQLite).</summary>
    public virtual string? TableLockWaitSql(TimeSpan timeout) => null;

    /// <summary>Whether a statement of a revision may move the session away from its home.</summary>
    public virtual bool LeavesHome(string statement) => false;

    /// <summary>The one place a dialect is chosen; an unknown kind is an error, never a fallback.</summary>
    /// <summary>
    /// Runs a dump as the database's own client would (sqlite3, mysql, psql), for snapshots: a
    /// failure is an error naming the file and the line of the statement.
    /// </summary>
    public virtual void LoadDump(DbConnection connection, string path)
    {
        foreach (var statement in StatementSplitter.Split(new SqlChunk(File.ReadAllText(path), 1, false), Lexer, path))
            FileStep(path, statement.Line, () => Drivers.Execute(connection, statement.Text));
    }

    /// <summary>One statement of a dump or schema file; whatever the driver throws becomes an error at its file and line.</summary>
    public static void FileStep(string path, int line, Action run)
    {
        try { run(); }
        catch (Exception e) when (e is DbException or InvalidOperationException or NotSupportedException or FormatException)
        {
            throw new MigrationException(ErrorIds.SchemaFileFailed, $"{path}:{line}: {e.Message}", e)
                { FilePath = path, Line = line, Kind = ErrorKind.InvalidData };
        }
    }

    public static SqlDialect For(DialectKind kind) => kind switch
    {
        DialectKind.Sqlite => new SqliteDialect(),
        DialectKind.PostgreSql => new PostgresDialect(),
        DialectKind.MySql => new MySqlDialect(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown dialect"),
    };
}
