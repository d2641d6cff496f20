using System.Data.Common;
using System.Diagnostics;
using PSMigrate.Dialects;
using PSMigrate.Planning;
using PSMigrate.Scripts;
using PSMigrate.Storage;

namespace PSMigrate.Execution;

/// <summary>
/// Runs a plan's steps on an open, locked connection. A step is atomic when the dialect can
/// roll back its DDL and the revision has no autocommit part: then its SQL, its version-table
/// change and its journal row commit as one. Anything else writes a <c>running</c> journal row
/// first, so a crash or failure mid-step leaves the database visibly dirty.
/// </summary>
internal sealed class PlanRunner(
    DbConnection connection, ISqlDialect dialect, VersionStore store, DatabaseAddress address,
    TransactionMode mode, RunObserver observer, CancellationToken cancel)
{
    private readonly string _shownAddress = address.ToString();

    public IReadOnlyList<MigrationStepResult> Run(MigrationPlan plan)
    {
        // Split everything first: a syntax problem in the last revision must stop the run before the first.
        var compiled = plan.Steps.Select(s => (Step: s, Batches: dialect.Compile(s.Revision, s.Direction))).ToArray();
        var results = new List<MigrationStepResult>();
        var uncommitted = new List<MigrationStepResult>(); // applied inside the open per-run transaction
        DbTransaction? runTransaction = null;

        void CommitRun(MigrationStep last)
        {
            Commit(runTransaction!, last, rolledBack: true);
            runTransaction = null;
            Report(results, uncommitted);
            uncommitted.Clear();
        }

        try
        {
            for (var k = 0; k < compiled.Length; k++)
            {
                var (step, batches) = compiled[k];
                observer.Progress?.Invoke(new MigrationProgress(k + 1, compiled.Length, step.Revision.Id, step.Revision.Message, step.Direction));
                if (IsAtomic(step.Revision, batches) && mode == TransactionMode.PerRun)
                {
                    runTransaction ??= connection.BeginTransaction();
                    uncommitted.Add(RunAtomic(step, batches, runTransaction));
                    continue;
                }
                if (runTransaction is not null) CommitRun(compiled[k - 1].Step);
                Report(results, [IsAtomic(step.Revision, batches) ? RunAtomicAlone(step, batches) : RunInParts(step, batches)]);
            }
            if (runTransaction is not null) CommitRun(compiled[^1].Step);
        }
        catch (StepFailure failure)
        {
            // Whatever the open per-run transaction held is gone with it.
            if (runTransaction is not null) TryRollback(runTransaction);
            Report(results, uncommitted.Where(r => r.Revision != failure.Result.Revision).Select(r => r with { Status = StepStatus.RolledBack }));
            Report(results, [failure.Result]);
            throw failure.Error;
        }
        return results;
    }

    /// <summary>
    /// Commits, or turns a failed commit (a busy database, a deferred constraint) into a failed
    /// step whose work is rolled back, like a failed statement.
    /// </summary>
    private void Commit(DbTransaction transaction, MigrationStep step, bool rolledBack)
    {
        var started = DateTime.UtcNow;
        try
        {
            transaction.Commit();
        }
        catch (DbException e)
        {
            TryRollback(transaction);
            var error = Describe(step, null, e);
            TryJournal(() => store.AddJournal(Entry(step, JournalStatus.Failed, started, Stopwatch.StartNew(), error.Message, rolledBack), null));
            throw new StepFailure(Result(step, StepStatus.Failed, TimeSpan.Zero, 0, error.Message), error);
        }
        finally
        {
            transaction.Dispose();
        }
    }

    private bool IsAtomic(Revision revision, IReadOnlyList<StatementBatch> batches) =>
        dialect.TransactionalDdl && revision.Transaction == RevisionTransaction.PerRevision && !batches.Any(b => b.Autocommit);

    private MigrationStepResult RunAtomicAlone(MigrationStep step, IReadOnlyList<StatementBatch> batches)
    {
        var transaction = connection.BeginTransaction();
        MigrationStepResult result;
        try
        {
            result = RunAtomic(step, batches, transaction);
        }
        catch
        {
            transaction.Dispose();
            throw;
        }
        Commit(transaction, step, rolledBack: true);
        return result;
    }

    /// <summary>Runs a step inside <paramref name="transaction"/>; on failure rolls it back and records that.</summary>
    private MigrationStepResult RunAtomic(MigrationStep step, IReadOnlyList<StatementBatch> batches, DbTransaction transaction)
    {
        var started = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        var count = 0;
        SqlStatement? statement = null;
        try
        {
            foreach (var batch in batches)
                foreach (var s in batch.Statements) { statement = s; Execute(s, transaction); count++; }
            statement = null;
            store.ApplyVersions(step.RowChanges, transaction);
            store.AddJournal(Entry(step, JournalStatus.Applied, started, clock, null, rolledBack: false), transaction);
            return Result(step, StepStatus.Applied, clock.Elapsed, count, null);
        }
        catch (Exception e) when (e is DbException or OperationCanceledException or InvalidOperationException)
        {
            TryRollback(transaction);
            var error = Describe(step, statement, e);
            TryJournal(() => store.AddJournal(Entry(step, JournalStatus.Failed, started, clock, error.Message, rolledBack: true), null));
            throw new StepFailure(Result(step, StepStatus.Failed, clock.Elapsed, count, error.Message), error);
        }
    }

    /// <summary>
    /// Runs a step that cannot commit as one: autocommit sections, <c>Transaction: none</c>, or a
    /// dialect whose DDL commits implicitly. The journal row is written <c>running</c> first.
    /// </summary>
    private MigrationStepResult RunInParts(MigrationStep step, IReadOnlyList<StatementBatch> batches)
    {
        var started = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        var journalId = store.AddJournal(Entry(step, JournalStatus.Running, started, clock, null, rolledBack: false), null);
        DbTransaction? transaction = null;
        var committedSomething = false;
        var count = 0;
        SqlStatement? statement = null;
        try
        {
            foreach (var batch in batches)
            {
                var outside = !dialect.TransactionalDdl || step.Revision.Transaction == RevisionTransaction.None || batch.Autocommit;
                if (outside && transaction is not null)
                {
                    transaction.Commit();
                    transaction = null;
                    committedSomething = true;
                }
                if (!outside) transaction ??= connection.BeginTransaction();
                foreach (var s in batch.Statements)
                {
                    statement = s;
                    Execute(s, transaction);
                    count++;
                    committedSomething |= outside;
                }
            }
            statement = null;
            transaction ??= connection.BeginTransaction();
            store.ApplyVersions(step.RowChanges, transaction);
            store.FinishJournal(journalId, JournalStatus.Applied, DateTime.UtcNow, clock.ElapsedMilliseconds, null, rolledBack: false, transaction);
            transaction.Commit();
            transaction.Dispose();
            return Result(step, StepStatus.Applied, clock.Elapsed, count, null);
        }
        catch (Exception e) when (e is DbException or OperationCanceledException or InvalidOperationException)
        {
            if (transaction is not null) TryRollback(transaction);
            var error = Describe(step, statement, e);
            TryJournal(() => store.FinishJournal(journalId, JournalStatus.Failed, DateTime.UtcNow, clock.ElapsedMilliseconds,
                error.Message, rolledBack: !committedSomething, null));
            throw new StepFailure(Result(step, StepStatus.Failed, clock.Elapsed, count, error.Message), error);
        }
    }

    private void Execute(SqlStatement statement, DbTransaction? transaction)
    {
        cancel.ThrowIfCancellationRequested();
        store.Execute(statement.Text, transaction);
    }

    private MigrationException Describe(MigrationStep step, SqlStatement? statement, Exception e)
    {
        var r = step.Revision;
        if (e is OperationCanceledException)
            return new MigrationException(ErrorIds.Cancelled,
                $"{step.Direction.ToString().ToLowerInvariant()} of revision {r.Id} was cancelled; its changes were rolled back where the database allows")
                { Revision = r.Id, FilePath = r.FilePath, Kind = ErrorKind.Cancelled };
        var where = statement is null ? r.FilePath : $"{r.FilePath}:{statement.Line}";
        var id = e is DbException && connection.State != System.Data.ConnectionState.Open ? ErrorIds.ConnectionFailed : ErrorIds.StatementFailed;
        return new MigrationException(id,
            address.Redact($"{step.Direction.ToString().ToLowerInvariant()} of revision {r.Id} failed at {where}: {e.Message}"), e)
            { Revision = r.Id, FilePath = r.FilePath, Line = statement?.Line, Kind = ErrorKind.ExecutionFailed };
    }

    private JournalEntry Entry(MigrationStep step, string status, DateTime started, Stopwatch clock, string? error, bool rolledBack) =>
        new(0, step.Revision.Id, step.Direction == Direction.Upgrade ? "upgrade" : "downgrade", status, step.Revision.Checksum,
            started, status == JournalStatus.Running ? null : DateTime.UtcNow,
            status == JournalStatus.Running ? null : clock.ElapsedMilliseconds, null, null, null, error, rolledBack);

    private MigrationStepResult Result(MigrationStep step, StepStatus status, TimeSpan duration, int count, string? error) =>
        new(step.Revision.Id, step.Revision.Message, step.Direction, status, duration, count, error, step.Revision.FilePath, _shownAddress);

    private void Report(List<MigrationStepResult> results, IEnumerable<MigrationStepResult> finished)
    {
        foreach (var r in finished)
        {
            results.Add(r);
            observer.StepCompleted?.Invoke(r);
        }
    }

    private static void TryRollback(DbTransaction transaction)
    {
        try { transaction.Rollback(); }
        catch (Exception e) when (e is DbException or InvalidOperationException) { /* connection lost: the server rolls back */ }
    }

    // The step has failed already; if the journal cannot be written either (a lost connection),
    // the original error is the one to report.
    private static void TryJournal(Action write)
    {
        try { write(); }
        catch (Exception e) when (e is DbException or InvalidOperationException) { }
    }

    private sealed class StepFailure(MigrationStepResult result, MigrationException error) : Exception(error.Message)
    {
        public MigrationStepResult Result { get; } = result;
        public MigrationException Error { get; } = error;
    }
}
