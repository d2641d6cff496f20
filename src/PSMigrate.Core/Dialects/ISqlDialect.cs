using System.Data.Common;
using PSMigrate.Scripts;

namespace PSMigrate.Dialects;

/// <summary>
/// Everything that differs between databases: lexing, quoting, DDL for PSMigrate's own tables,
/// the migration lock, transactions, and how a statement is written into an offline script.
/// Drivers are touched only inside a dialect, so a command loads only the driver it uses.
/// </summary>
public interface ISqlDialect
{
    DialectKind Kind { get; }
    SplitterRules Rules { get; }

    /// <summary>Whether DDL can be rolled back; where it cannot, a failed step leaves the database dirty.</summary>
    bool TransactionalDdl { get; }

    string Quote(string identifier);

    /// <summary>An open connection, or null when a read-only open finds no database at all.</summary>
    DbConnection? Open(DatabaseAddress address, bool readOnly);

    /// <summary>An exclusive migration lock that ends when disposed or when the connection or process dies.</summary>
    IDisposable Lock(DbConnection connection, DatabaseAddress address, string name, TimeSpan timeout, CancellationToken cancel);

    string CreateVersionTable(string table);
    string CreateJournalTable(string table);

    /// <summary>A query with parameter @name that counts the tables called that.</summary>
    string TableExistsQuery { get; }

    /// <summary>Turns an INSERT into a command whose scalar result is the new row's id.</summary>
    string InsertReturningId(string insert);

    /// <summary>Opens a transaction in an offline script; null where DDL is not transactional.</summary>
    string? BeginScript { get; }
    string? CommitScript { get; }

    /// <summary>A statement as it must appear in an offline script for this dialect's client.</summary>
    string Terminate(SqlStatement statement);
}

public static class SqlDialects
{
    public static ISqlDialect For(DialectKind kind) => kind switch
    {
        DialectKind.Sqlite => new SqliteDialect(),
        DialectKind.PostgreSql => new PostgresDialect(),
        _ => new MySqlDialect(),
    };

    /// <summary>Splits every section of a revision that runs in this direction on this dialect.</summary>
    public static IReadOnlyList<StatementBatch> Compile(this ISqlDialect dialect, Revision revision, Direction direction) =>
        revision.SectionsFor(direction, dialect.Kind)
            .Select(s => new StatementBatch(s.Autocommit,
                s.Chunks.SelectMany(c => StatementSplitter.Split(c, dialect.Rules, revision.FilePath)).ToArray()))
            .ToArray();

    /// <summary>Quotes each part of a possibly schema-qualified name.</summary>
    public static string QuoteName(this ISqlDialect dialect, string name) =>
        string.Join(".", name.Split('.').Select(dialect.Quote));

    /// <summary>
    /// Opens a driver's connection; a failure is disposed and becomes a redacted engine error.
    /// <paramref name="shown"/> is the address with every secret the driver was given.
    /// </summary>
    internal static DbConnection OpenOrFail(DbConnection connection, DatabaseAddress shown)
    {
        try
        {
            connection.Open();
            return connection;
        }
        catch (Exception e) when (e is DbException or ArgumentException or InvalidOperationException)
        {
            connection.Dispose();
            throw new MigrationException(ErrorIds.ConnectionFailed, shown.Redact($"cannot connect to {shown}: {e.Message}"), e)
                { Kind = ErrorKind.ConnectionError };
        }
    }

    internal static MigrationException LockTimeout(DatabaseAddress address, TimeSpan timeout, string? where = null, Exception? inner = null) =>
        new(ErrorIds.LockTimeout,
            $"another PSMigrate run holds the migration lock on {address}{(where is null ? "" : $" ({where})")}; gave up after {timeout.TotalSeconds:0} s", inner)
            { Kind = ErrorKind.ResourceUnavailable };
}

/// <summary>The statements of one section; autocommit ones run outside any transaction.</summary>
public sealed record StatementBatch(bool Autocommit, IReadOnlyList<SqlStatement> Statements);
