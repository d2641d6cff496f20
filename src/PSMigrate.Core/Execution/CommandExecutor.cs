using System.Data.Common;
using System.Diagnostics;
using PSMigrate.Compilation;
using PSMigrate.Dialects;
using PSMigrate.Planning;
using PSMigrate.Sql;
using PSMigrate.Bookkeeping;

namespace PSMigrate.Execution;

/// <summary>
/// Runs a command list on an open, locked connection. The list decides what commits together;
/// this loop only executes it, and on the first failure rolls back the open transaction,
/// journals the failing step (rolled back, or not where part of it had committed: the database
/// is then dirty), and returns what happened as a value.
/// </summary>
internal sealed class CommandExecutor(
    DbConnection connection, IDatabaseDriver driver, BookkeepingStore store, DatabaseAddress address, TimeSpan? commandTimeout,
    TableLockWait? lockWait, RunObserver observer, CancellationToken cancel)
{
    private readonly string _database = address.ToString();
    private readonly List<MigrationStepResult> _done = [];
    private readonly List<MigrationStepResult> _uncommitted = []; // finished inside the open transaction
    private DbTransaction? _transaction;
    private RunningStep? _step;
    private bool _skipping; // inside a guarded section whose guard does not hold
    private (MigrationStep Step, long Id)? _nextJournal; // a running row written with the step before its own
    private bool _committedInBatch; // the open transaction's COMMIT went with the step's batch
    private bool _tablesOnly; // the open transaction holds only PSMigrate's own tables: its commit is not worth a line

    public MigrationRun Run(IReadOnlyList<MigrationCommand> commands)
    {
        var stepStart = 0;
        for (var i = 0; i < commands.Count; i++)
        {
            try
            {
                if (PipelineEnd(commands, i) is { } end)
                {
                    RunPipelined(commands, i, end);
                    i = end;
                    continue;
                }
                Execute(commands[i]);
                if (commands[i] is StartStep) stepStart = i;
            }
            catch (Exception e) when (e is DbException or OperationCanceledException or InvalidOperationException
                                          or VersionRowMismatchException or ForeignKeyViolationException)
            {
                if (!TryAgain(e)) return Fail(e);
                i = stepStart; // the step runs again from its first command after StartStep
            }
        }
        return new MigrationRun(_database, _done, null);
    }

    /// <summary>
    /// A statement whose wait for a table lock ran out, in a step that has committed nothing and
    /// shares its transaction with no earlier step: rolled back, and tried again after a pause, as
    /// often as the wait allows. Anything else is a failure.
    /// </summary>
    private bool TryAgain(Exception e)
    {
        if (lockWait is not { Enabled: true } wait || _step is not { } step || !driver.IsLockTimeout(e)
            || step.CommittedSomething || _uncommitted.Count > 0 || step.Attempt >= wait.Tries || cancel.IsCancellationRequested)
            return false;
        if (_transaction is not null) TryRollback(_transaction);
        _transaction = null;
        step.Attempt++;
        var table = TableLockWait.TableOf(step.Statement?.Text ?? "");
        observer.Progress?.Invoke(step.Progress with { Waiting = $"waiting for a lock on {table} (try {step.Attempt} of {wait.Tries})" });
        observer.Detail?.Invoke($"{step.Step.Revision.Id}: the wait for a lock on {table} ran out; rolled back, trying again");
        if (cancel.WaitHandle.WaitOne(TableLockWait.PauseBefore(step.Attempt))) return false;
        (step.Statement, step.StatementCount) = (null, 0);
        step.VersionChanges.Clear();
        return true;
    }

    private void Execute(MigrationCommand command)
    {
        switch (command)
        {
            case PrepareSession prepare:
                store.Execute(prepare.Sql, null);
                break;
            case RestoreSession restore:
                store.Execute(restore.Sql, _transaction);
                break;
            case ScriptPrologue:
                break;
            case CheckForeignKeys check:
                if (DanglingReferences(check.Query) is [_, ..] dangling)
                    throw new ForeignKeyViolationException(
                        $"foreign key check: {string.Join("; ", dangling.Take(5))}{(dangling.Count > 5 ? $"; and {dangling.Count - 5} more" : "")}");
                break;
            case CreateBookkeeping create:
                foreach (var statement in create.VersionTable.Concat(create.JournalTable)) store.Execute(statement, _transaction);
                _tablesOnly = _transaction is not null;
                break;
            case StartStep start:
                var r = start.Step.Revision;
                _step = new RunningStep(start.Step, new MigrationProgress(start.Number, start.Count, r.Id, r.Message, start.Step.Direction))
                {
                    JournalId = _nextJournal is var (journaled, journalId) && ReferenceEquals(journaled, start.Step) ? journalId : null,
                };
                observer.Progress?.Invoke(_step.Progress);
                break;
            case BeginTransaction:
                _transaction = connection.BeginTransaction();
                break;
            case CommitTransaction:
                if (!_committedInBatch) _transaction!.Commit();
                _committedInBatch = false;
                _transaction!.Dispose();
                _transaction = null;
                if (!_tablesOnly) observer.Detail?.Invoke("committed");
                _tablesOnly = false;
                if (_step is not null) _step.CommittedSomething = true;
                foreach (var result in _uncommitted) Report(result);
                _uncommitted.Clear();
                break;
            case StartGuard start:
                var found = store.TableExists(start.Guard.Table, _transaction);
                _skipping = found != start.Guard.MustExist;
                observer.Detail?.Invoke($"{_step!.Step.Revision.Id}: table {start.Guard.Table} {(found ? "exists" : "is missing")}, " +
                                        $"so the section '{start.Guard}' {(_skipping ? "is skipped" : "runs")}");
                break;
            case EndGuard:
                _skipping = false;
                break;
            case RunStatement when _skipping:
                break;
            case RunStatement run:
                cancel.ThrowIfCancellationRequested();
                var step = _step!;
                step.Statement = run.Statement;
                Announce(run);
                RunRevisionStatement(run.Statement);
                step.Statement = null;
                step.StatementCount++;
                if (_transaction is null) step.CommittedSomething = true;
                break;
            case ChangeVersions change when _step is not null:
                _step.VersionChanges.Add((change.Sql, change.ExpectedRows)); // written with the step's journal row, in one round trip
                break;
            case ChangeVersions change:
                store.ChangeVersions(change.Sql, change.ExpectedRows, _transaction);
                break;
            case JournalStep { Status: JournalStatus.Running }:
                // A step tried again keeps the row its first try wrote.
                _step!.JournalId ??= store.AddJournal(_step.Row(JournalStatus.Running, null, rolledBack: false), _transaction);
                break;
            case JournalStep { Status: JournalStatus.Applied } last:
                var next = last.Next is { } n ? RunningStep.Started(n, DateTime.UtcNow) : null;
                var nextId = store.RecordStep(_step!.VersionChanges, _step.JournalId, _step.Row(JournalStatus.Applied, null, rolledBack: false), next, _transaction);
                _nextJournal = nextId is { } written ? (last.Next!, written) : null;
                _step.VersionChanges.Clear();
                break;
            case JournalStamp stamp:
                var now = DateTime.UtcNow;
                store.AddJournal(new JournalRow(stamp.Revision, JournalOperation.Stamp, JournalStatus.Applied, stamp.Checksum, now, now, 0, null, false), _transaction);
                break;
            case FinishStep:
                var applied = _step!.Result(StepStatus.Applied, null, _database);
                if (_transaction is null) Report(applied);
                else _uncommitted.Add(applied);
                break;
            default:
                throw new ArgumentException($"the executor does not know {command.GetType().Name}", nameof(command));
        }
    }

    /// <summary>
    /// Where a batch that starts at <paramref name="start"/> ends: a step's statements in its open
    /// transaction and, when they come next, its version-table changes and its journal row (and then
    /// its COMMIT, see <see cref="RunPipelined"/>). One round trip instead of one per statement, one
    /// for the bookkeeping and one for the COMMIT, which is what a remote server's latency
    /// multiplies. A failure anywhere rolls the whole transaction back, as it would statement by
    /// statement. Not with a statement time limit (a batch's limit would cover them
    /// all), and only where the driver names the command that failed.
    /// </summary>
    private int? PipelineEnd(IReadOnlyList<MigrationCommand> commands, int start)
    {
        if (commands[start] is not RunStatement || _transaction is null || _skipping || _step is null || commandTimeout is not null
            || !driver.PipelinesSteps)
            return null;
        var end = start;
        while (end + 1 < commands.Count && commands[end + 1] is RunStatement) end++;
        var last = end;
        while (last + 1 < commands.Count && commands[last + 1] is ChangeVersions) last++;
        if (last + 1 < commands.Count && commands[last + 1] is JournalStep { Status: JournalStatus.Applied, Next: null }) end = last + 1;
        return end > start ? end : null;
    }

    private void RunPipelined(IReadOnlyList<MigrationCommand> commands, int start, int end)
    {
        cancel.ThrowIfCancellationRequested();
        var step = _step!;
        using var batch = connection.CreateBatch();
        batch.Transaction = _transaction;
        var statements = new List<SqlStatement>();
        StepWrites? writes = null;
        // The step's COMMIT rides along when nothing comes between and its version-row changes fail in
        // the batch itself when they miss: one round trip a revision.
        var commits = end + 2 < commands.Count && commands[end] is JournalStep && commands[end + 1] is FinishStep
                      && commands[end + 2] is CommitTransaction && store.ChecksOnServer;
        for (var k = start; k <= end; k++)
            switch (commands[k])
            {
                case RunStatement run:
                    Announce(run);
                    var command = batch.CreateBatchCommand();
                    command.CommandText = run.Statement.Text;
                    batch.BatchCommands.Add(command);
                    statements.Add(run.Statement);
                    break;
                case ChangeVersions change:
                    step.VersionChanges.Add((change.Sql, change.ExpectedRows));
                    break;
                case JournalStep:
                    writes = store.AddStepWrites(batch, step.VersionChanges, step.JournalId, step.Row(JournalStatus.Applied, null, rolledBack: false),
                        checkOnServer: commits);
                    break;
            }
        if (commits)
        {
            var commit = batch.CreateBatchCommand();
            commit.CommandText = "COMMIT";
            batch.BatchCommands.Add(commit);
        }
        using (cancel.Register(batch.Cancel))
        {
            try { batch.ExecuteNonQuery(); }
            catch (DbException e)
            {
                // The statement that failed is the one the error names; a failed bookkeeping write names none.
                var failed = e.BatchCommand is { } c ? batch.BatchCommands.IndexOf(c) : -1;
                step.Statement = failed >= 0 && failed < statements.Count ? statements[failed] : null;
                step.StatementCount += failed >= 0 ? Math.Min(failed, statements.Count) : 0;
                if (writes is not null && store.MissedChange(writes, failed, e) is { } missed) throw missed;
                throw;
            }
        }
        step.StatementCount += statements.Count;
        _committedInBatch = commits;
        if (writes is not null)
        {
            store.CheckStepWrites(batch, writes);
            step.VersionChanges.Clear();
        }
    }

    private MigrationRun Fail(Exception e)
    {
        if (_transaction is not null) TryRollback(_transaction);
        _transaction = null;
        var step = _step;
        var error = Describe(step, e);
        if (step is null) return new MigrationRun(_database, _done, error);

        // Whatever the open transaction held is gone with it, including earlier steps of a per-run transaction.
        var failed = step.Step.Revision.Id;
        foreach (var result in _uncommitted.Where(u => u.Revision != failed)) Report(result with { Status = StepStatus.RolledBack });
        _uncommitted.Clear();
        // The step has failed already; if the journal cannot be written either (a lost connection),
        // the original error is the one to report.
        try { Journal(step, step.Row(JournalStatus.Failed, error.Message, rolledBack: !step.CommittedSomething), null); }
        catch (Exception journal) when (journal is DbException or InvalidOperationException) { }
        Report(step.Result(StepStatus.Failed, error.Message, _database));
        return new MigrationRun(_database, _done, error) { LeftDirty = step.CommittedSomething };
    }

    /// <summary>Finishes the step's running row when it has one; otherwise writes its only row.</summary>
    private void Journal(RunningStep step, JournalRow row, DbTransaction? transaction)
    {
        if (step.JournalId is { } id) store.FinishJournal(id, row, transaction);
        else store.AddJournal(row, transaction);
    }

    private void Announce(RunStatement run) =>
        observer.Statement?.Invoke($"{run.Statement.File ?? run.Revision.FilePath}:{run.Statement.Line}: {FirstLine(run.Statement.Text)}");

    private static string FirstLine(string text) => text.IndexOf('\n') is var end and >= 0 ? text[..end].TrimEnd() + " ..." : text;

    /// <summary>Runs a revision's statement; cancelling stops it on the server rather than after it.</summary>
    private void RunRevisionStatement(SqlStatement statement)
    {
        using var command = connection.CreateCommand();
        command.CommandText = statement.Text;
        command.Transaction = _transaction;
        if (commandTimeout is { } limit) command.CommandTimeout = (int)Math.Ceiling(limit.TotalSeconds);
        using var interrupt = cancel.Register(() => driver.Interrupt(address, connection, command));
        command.ExecuteNonQuery();
    }

    private void Report(MigrationStepResult result)
    {
        observer.Detail?.Invoke($"{result.Direction.ToString().ToLowerInvariant()} of {result.Revision}: {result.Status.ToString().ToLowerInvariant()} in {result.Duration.TotalMilliseconds:0} ms");
        _done.Add(result);
        observer.StepCompleted?.Invoke(result);
    }

    private MigrationException Describe(RunningStep? step, Exception e)
    {
        // Outside any revision the only work is PSMigrate's own tables (creating them, stamping):
        // with the connection still up, the trouble is those tables (a view of that name, no rights).
        if (step is null)
            return connection.State == System.Data.ConnectionState.Open
                ? new MigrationException(ErrorIds.InvalidBookkeepingTable,
                    address.Redact($"{_database}: PSMigrate's version or journal table could not be created or written: {e.Message}"), e)
                    { Kind = ErrorKind.InvalidData, Subject = _database }
                : new MigrationException(ErrorIds.ConnectionFailed, address.Redact($"{_database}: {e.Message}"), e)
                    { Kind = ErrorKind.ConnectionError, Subject = _database };
        var r = step.Step.Revision;
        var verb = step.Step.Direction.ToString().ToLowerInvariant();
        // An interrupted statement fails with the driver's own error; the cancellation is the cause.
        if (e is OperationCanceledException || cancel.IsCancellationRequested)
            return new MigrationException(ErrorIds.Cancelled,
                $"{verb} of revision {r.Id} was cancelled; its changes were rolled back where the database allows")
                { Revision = r.Id, FilePath = r.FilePath, Kind = ErrorKind.Cancelled };
        var statement = step.Statement;
        var where = statement is null ? r.FilePath : $"{statement.File ?? r.FilePath}:{statement.Line}";
        if (lockWait is { Enabled: true } wait && driver.IsLockTimeout(e))
            return new MigrationException(ErrorIds.TableLockTimeout,
                $"{verb} of revision {r.Id} waited for a lock on {TableLockWait.TableOf(statement?.Text ?? "")} {step.Attempt} time(s), " +
                $"{wait.Timeout.TotalSeconds:0.###} s each, and gave up at {where}: another transaction holds it. The revision was rolled back " +
                "where the database allows; run it again when the table is quieter, or raise tableLockTimeout / tableLockTries", e)
                { Revision = r.Id, FilePath = statement?.File ?? r.FilePath, Line = statement?.Line, Kind = ErrorKind.ResourceUnavailable };
        if (commandTimeout is { } limit && limit > TimeSpan.Zero && driver.IsCommandTimeout(e))
            return new MigrationException(ErrorIds.CommandTimeout,
                $"{verb} of revision {r.Id} was stopped at {where}: the statement ran longer than the command timeout of {limit.TotalSeconds:0} s " +
                "(commandTimeout in psmigrate.json, --command-timeout, -CommandTimeout; 0 means no limit)", e)
                { Revision = r.Id, FilePath = statement?.File ?? r.FilePath, Line = statement?.Line, Kind = ErrorKind.ExecutionFailed };
        var id = e switch
        {
            VersionRowMismatchException => ErrorIds.VersionRowMismatch,
            ForeignKeyViolationException => ErrorIds.ForeignKeyViolation,
            DbException when connection.State != System.Data.ConnectionState.Open => ErrorIds.ConnectionFailed,
            _ => ErrorIds.StatementFailed,
        };
        return new MigrationException(id, address.Redact($"{verb} of revision {r.Id} failed at {where}: {MigrationException.Cut(e.Message)}"), e)
            { Revision = r.Id, FilePath = statement?.File ?? r.FilePath, Line = statement?.Line, Kind = ErrorKind.ExecutionFailed };
    }

    /// <summary>
    /// What SQLite's foreign_key_check reports, one line per dangling reference:
    /// its columns are the child table, the child row's rowid, and the parent table.
    /// </summary>
    private IReadOnlyList<string> DanglingReferences(string query)
    {
        using var command = connection.CreateCommand();
        command.CommandText = query;
        command.Transaction = _transaction;
        using var reader = command.ExecuteReader();
        var found = new List<string>();
        while (reader.Read())
            found.Add($"row {(reader.IsDBNull(1) ? "?" : reader.GetValue(1))} of table {reader.GetValue(0)} refers to a missing row of {reader.GetValue(2)}");
        return found;
    }

    private static void TryRollback(DbTransaction transaction)
    {
        try { transaction.Rollback(); }
        catch (Exception e) when (e is DbException or InvalidOperationException) { /* connection lost: the server rolls back */ }
        finally { transaction.Dispose(); }
    }

    /// <summary>The step being run: its clock, what it has done so far, and its journal row.</summary>
    private sealed class RunningStep(MigrationStep step, MigrationProgress progress)
    {
        private readonly DateTime _started = DateTime.UtcNow;
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public MigrationStep Step { get; } = step;
        public MigrationProgress Progress { get; } = progress;

        /// <summary>Which try this is; a step is tried again when its wait for a table lock ran out.</summary>
        public int Attempt { get; set; } = 1;
        public SqlStatement? Statement { get; set; }
        public int StatementCount { get; set; }
        public bool CommittedSomething { get; set; }
        public long? JournalId { get; set; }

        /// <summary>The step's version-table changes, held until its journal row goes with them.</summary>
        public List<(string Sql, int? ExpectedRows)> VersionChanges { get; } = [];

        /// <summary>A step's <c>running</c> row; a step not started yet has its row written ahead, with the step before it.</summary>
        public static JournalRow Started(MigrationStep step, DateTime at) => new(
            step.Revision.Id, step.Direction == Direction.Upgrade ? JournalOperation.Upgrade : JournalOperation.Downgrade, JournalStatus.Running,
            step.Revision.Checksum, at, null, null, null, false);

        public JournalRow Row(JournalStatus status, string? error, bool rolledBack) => status == JournalStatus.Running
            ? Started(Step, _started)
            : Started(Step, _started) with
            {
                Status = status, FinishedAt = DateTime.UtcNow, DurationMs = _clock.ElapsedMilliseconds, Error = error, RolledBack = rolledBack,
            };

        public MigrationStepResult Result(StepStatus status, string? error, string database) =>
            new(Step.Revision.Id, Step.Revision.Message, Step.Direction, status, _clock.Elapsed, StatementCount, error, Step.Revision.FilePath, database);
    }
}

/// <summary>A revision that left a reference dangling.</summary>
internal sealed class ForeignKeyViolationException(string message) : Exception(message);
