using PSMigrate.Planning;
using PSMigrate.Files;
using PSMigrate.Sql;
using PSMigrate.Bookkeeping;

namespace PSMigrate.Compilation;

/// <summary>
/// One instruction of a compiled migration. A plan (or a stamp) compiles to one ordered list of
/// these, with every transaction boundary explicit in it; the online executor runs the list and
/// the offline script writer prints it, so the two cannot disagree about what commits together.
/// </summary>
internal abstract record MigrationCommand;

/// <summary>PSMigrate's own tables, created if missing. Scripts create only the version table: they write no journal.</summary>
internal sealed record CreateBookkeeping(IReadOnlyList<string> VersionTable, IReadOnlyList<string> JournalTable) : MigrationCommand;

/// <summary>A session setting, run before any transaction opens (SQLite's foreign keys, off for the run).</summary>
internal sealed record PrepareSession(string Sql) : MigrationCommand;

/// <summary>What an offline script runs first, for its client only (psql reading the session's home into variables).</summary>
internal sealed record ScriptPrologue(string Text) : MigrationCommand;

/// <summary>Puts the session back where the run began, after a revision that moved it (SET search_path, USE).</summary>
internal sealed record RestoreSession(string Sql) : MigrationCommand;

/// <summary>A query that lists dangling references; any row it returns fails the running step.</summary>
internal sealed record CheckForeignKeys(string Query) : MigrationCommand;

/// <summary>A revision starts: progress is reported and its clock starts; scripts print a comment.</summary>
internal sealed record StartStep(MigrationStep Step, int Number, int Count) : MigrationCommand;

internal sealed record BeginTransaction : MigrationCommand
{
    public static readonly BeginTransaction Instance = new();
}

internal sealed record CommitTransaction : MigrationCommand
{
    public static readonly CommitTransaction Instance = new();
}

/// <summary>A statement of the revision's own SQL. Outside a transaction it commits by itself.</summary>
internal sealed record RunStatement(Revision Revision, SqlStatement Statement) : MigrationCommand;

/// <summary>
/// The statements up to <see cref="EndGuard"/> run only where the guard's table exists (or is
/// missing); <see cref="Query"/> counts the tables of that name (parameter @name).
/// </summary>
internal sealed record StartGuard(TableGuard Guard, string Query) : MigrationCommand;

internal sealed record EndGuard : MigrationCommand
{
    public static readonly EndGuard Instance = new();
}

/// <summary>A version-table change; when <see cref="ExpectedRows"/> is set, hitting any other number of rows fails the step.</summary>
internal sealed record ChangeVersions(string Sql, int? ExpectedRows) : MigrationCommand;

/// <summary>
/// The running step's journal row: <c>Running</c> before work that cannot be rolled back, so a
/// crash leaves the database visibly dirty; <c>Applied</c> as the step's last write. An
/// <c>Applied</c> row may bring the <c>Running</c> row of the <paramref name="Next"/> step with it,
/// written after it (in one transaction, or on MySQL in one statement after the version row), so
/// the next step needs no commit of its own before its first statement.
/// </summary>
internal sealed record JournalStep(JournalStatus Status, MigrationStep? Next = null) : MigrationCommand;

/// <summary>The journal row of a stamp: revision (or <c>base</c>) recorded without running SQL.</summary>
internal sealed record JournalStamp(string Revision, string? Checksum) : MigrationCommand;

/// <summary>The running step has issued all its work; it counts as applied once that work is committed.</summary>
internal sealed record FinishStep : MigrationCommand
{
    public static readonly FinishStep Instance = new();
}
