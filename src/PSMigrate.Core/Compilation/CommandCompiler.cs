using PSMigrate.Dialects;
using PSMigrate.Planning;
using PSMigrate.Files;
using PSMigrate.Sql;
using PSMigrate.Bookkeeping;

namespace PSMigrate.Compilation;

/// <summary>
/// Turns a plan or a stamp into the command list that both the executor and the script writer
/// consume. This is the one place that decides which statements commit together:
/// <list type="bullet">
/// <item>A revision is atomic when the dialect can roll back DDL, its file does not say
/// <c>Transaction: none</c> and it has no autocommit section: its SQL, its version-table change
/// and its journal row share one transaction (with <c>per-run</c>, one for the whole run).</item>
/// <item>Anything else is journaled <c>running</c> first, in the last transaction of the step
/// before it where there is one (a commit and a round trip fewer per revision); each autocommit section, each
/// statement of a <c>Transaction: none</c> file and every MySQL statement (whose DDL commits
/// implicitly) runs outside any transaction; the version-table change and the journal's
/// <c>applied</c> commit together last, except on MySQL where the next step's running row
/// comes with them: there the version row commits first, then the journal's two rows together.</item>
/// </list>
/// </summary>
internal static class CommandCompiler
{
    /// <param name="home">Where the session starts; bookkeeping names it, and a revision that leaves it is followed by a return.</param>
    /// <param name="homeOnlyIfLeft">
    /// Use <paramref name="home"/> only when some revision leaves it: an offline script names its home
    /// through its client's variables, which a script that never leaves home does without.
    /// </param>
    public static IReadOnlyList<MigrationCommand> Compile(MigrationPlan plan, SqlDialect dialect, MigrationConfig config, SessionHome? home,
        bool homeOnlyIfLeft = false)
    {
        // Split everything first: a syntax problem in the last revision must stop the run before the first.
        var steps = plan.Steps.Select(s => (Step: s, Batches: Split(s.Revision, s.Direction, dialect))).ToArray();
        var leaving = steps.Select(s => s.Batches.Any(b => b.Statements.Any(st => dialect.LeavesHome(st.Text)))).ToArray();
        if (homeOnlyIfLeft && !leaving.Contains(true)) home = null;
        var sql = dialect.Tables(config.VersionTable, config.JournalTable, home);
        var list = new Builder(sql);
        if (home?.Prologue is { } prologue) list.Add(new ScriptPrologue(prologue));
        foreach (var setting in dialect.Integrity.SessionSetup) list.Add(new PrepareSession(setting));
        // Both tables in one commit where DDL is transactional: on a new SQLite file, a sync cycle fewer.
        if (dialect.TransactionalDdl) list.Begin();
        list.Add(new CreateBookkeeping(sql.CreateVersionTable(), sql.CreateJournalTable()));
        list.Commit();

        var atomic = steps.Select(s => dialect.TransactionalDdl && s.Step.Revision.Transaction == RevisionTransaction.PerRevision
                                       && !s.Batches.Any(b => b.Autocommit)).ToArray();
        for (var k = 0; k < steps.Length; k++)
        {
            var (step, batches) = steps[k];
            var revision = step.Revision;
            var sharesRunTransaction = atomic[k] && config.TransactionMode == TransactionMode.PerRun;
            var next = k + 1 < steps.Length && !atomic[k + 1] ? steps[k + 1].Step : null;
            if (!sharesRunTransaction) list.Commit();
            list.Add(new StartStep(step, k + 1, steps.Length));
            if (atomic[k])
            {
                list.Begin();
                foreach (var batch in batches) list.Statements(revision, RefuseTransactionControl(revision, batch));
            }
            else
            {
                if (k == 0) list.Add(new JournalStep(JournalStatus.Running)); // later steps' rows come with the step before
                foreach (var batch in batches)
                {
                    var outside = !dialect.TransactionalDdl || revision.Transaction == RevisionTransaction.None || batch.Autocommit;
                    if (outside) list.Commit();
                    else list.Begin();
                    list.Statements(revision, outside ? batch : RefuseTransactionControl(revision, batch));
                }
                // Where DDL commits by itself, a step's last writes need no transaction while the next
                // step's running row comes with them: the version row first, then applied and next running
                // in one statement, so a crash leaves either the step's own row running (dirty) or a clean
                // database at the step.
                if (dialect.TransactionalDdl || next is null) list.Begin();
            }
            if (home is not null && leaving[k]) list.Add(new RestoreSession(home.Restore));
            if (dialect.Integrity.ForeignKeyCheck is { } check) list.Add(new CheckForeignKeys(check));
            foreach (var change in step.RowChanges) list.Add(new ChangeVersions(sql.ChangeVersionRow(change), ExpectedRows: 1));
            list.Add(new JournalStep(JournalStatus.Applied, next));
            list.Add(FinishStep.Instance);
            if (!sharesRunTransaction) list.Commit();
        }
        list.Commit();
        return list.Commands;
    }

    /// <summary>Replaces the version table's rows with <paramref name="rows"/> in one transaction, journaling each (or <c>base</c>).</summary>
    public static IReadOnlyList<MigrationCommand> CompileStamp(IReadOnlyList<Revision> rows, SqlDialect dialect, MigrationConfig config, SessionHome? home)
    {
        var sql = dialect.Tables(config.VersionTable, config.JournalTable, home);
        var list = new Builder(sql);
        if (home?.Prologue is { } prologue) list.Add(new ScriptPrologue(prologue));
        list.Add(new CreateBookkeeping(sql.CreateVersionTable(), sql.CreateJournalTable()));
        list.Begin();
        list.Add(new ChangeVersions(sql.ClearVersions, ExpectedRows: null));
        foreach (var r in rows) list.Add(new ChangeVersions(sql.ChangeVersionRow(new VersionRowChange(null, r.Id)), ExpectedRows: 1));
        if (rows.Count == 0) list.Add(new JournalStamp("base", null));
        foreach (var r in rows) list.Add(new JournalStamp(r.Id, r.Checksum));
        list.Commit();
        return list.Commands;
    }

    /// <summary>Every section of a revision that runs in this direction on this dialect, split into statements.</summary>
    private static IReadOnlyList<StatementBatch> Split(Revision revision, Direction direction, SqlDialect dialect) =>
        revision.SectionsFor(direction, dialect.Kind)
            .Select(s => new StatementBatch(s.Autocommit,
                s.Chunks.SelectMany(c => StatementSplitter.Split(c, dialect.Lexer, revision.FilePath)).ToArray(), s.Guard))
            .ToArray();

    private static readonly string[] TransactionWords = ["BEGIN", "COMMIT", "ROLLBACK", "END", "START", "ABORT"];

    /// <summary>
    /// A COMMIT (or BEGIN, ROLLBACK, ...) of the revision's own would end the transaction PSMigrate
    /// runs it in: part of the revision would stay committed while the journal says it was rolled
    /// back. Such a statement belongs in an autocommit section, or a file marked Transaction: none.
    /// </summary>
    private static StatementBatch RefuseTransactionControl(Revision revision, StatementBatch batch)
    {
        foreach (var statement in batch.Statements.Where(s => !s.IsCompound))
        {
            var words = statement.Text.Split((char[])[' ', '\t', '\n', '\r', ';'], 3, StringSplitOptions.RemoveEmptyEntries);
            var first = words[0].ToUpperInvariant();
            if (!TransactionWords.Contains(first)) continue;
            if (first == "ROLLBACK" && words.Length > 1 && words[1].Equals("TO", StringComparison.OrdinalIgnoreCase)) continue; // to a savepoint
            if (first == "START" && !(words.Length > 1 && words[1].Equals("TRANSACTION", StringComparison.OrdinalIgnoreCase))) continue;
            throw new MigrationException(ErrorIds.TransactionControl,
                $"{statement.File ?? revision.FilePath}:{statement.Line}: '{words[0]}' would end the transaction revision {revision.Id} runs in; " +
                "put it in an '-- +upgrade autocommit' section, or mark the file '-- Transaction: none'")
                { Revision = revision.Id, FilePath = statement.File ?? revision.FilePath, Line = statement.Line, Kind = ErrorKind.InvalidData };
        }
        return batch;
    }

    /// <summary>Keeps BEGIN and COMMIT paired: beginning inside a transaction, or committing outside one, adds nothing.</summary>
    private sealed class Builder(BookkeepingSql sql)
    {
        private readonly List<MigrationCommand> _commands = [];
        private bool _open;

        public IReadOnlyList<MigrationCommand> Commands => _commands;

        public void Add(MigrationCommand command) => _commands.Add(command);

        public void Begin()
        {
            if (_open) return;
            _commands.Add(BeginTransaction.Instance);
            _open = true;
        }

        public void Commit()
        {
            if (!_open) return;
            _commands.Add(CommitTransaction.Instance);
            _open = false;
        }

        public void Statements(Revision revision, StatementBatch batch)
        {
            if (batch.Guard is { } guard) _commands.Add(new StartGuard(guard, sql.TableExists));
            foreach (var statement in batch.Statements) _commands.Add(new RunStatement(revision, statement));
            if (batch.Guard is not null) _commands.Add(EndGuard.Instance);
        }
    }
}
