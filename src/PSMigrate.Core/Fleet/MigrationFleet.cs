using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace PSMigrate;

/// <summary>
/// Many databases in one call: each with its own migrator (connection and lock), up to
/// <c>parallelism</c> at a time. The events come back on the caller's thread, which is the only
/// one a PowerShell cmdlet may write from, as they happen; each database ends with one finished
/// event. A failed database does not stop the others unless <c>failFast</c>; then those not yet
/// started are skipped and those running finish. The same database given twice runs once.
/// </summary>
public sealed class MigrationFleet
{
    private readonly int _parallelism;
    private readonly bool _failFast;
    private readonly bool _wantsStatements;

    /// <param name="parallelism">How many databases run at once (1 to 256).</param>
    /// <param name="failFast">Start no other database after one fails.</param>
    /// <param name="statements">Report every statement as it starts (<see cref="DatabaseStatement"/>); a debug log's worth.</param>
    public MigrationFleet(int parallelism = 4, bool failFast = false, bool statements = false)
    {
        if (parallelism is < 1 or > 256)
            throw new MigrationException(ErrorIds.InvalidCommandLine, $"the number of databases run at once must be from 1 to 256, not {parallelism}")
                { Kind = ErrorKind.InvalidArgument };
        _parallelism = parallelism;
        _failFast = failFast;
        _wantsStatements = statements;
    }

    /// <summary>Upgrades every database to <paramref name="target"/>; one <see cref="DatabaseFinished"/> per database.</summary>
    public IEnumerable<FleetEvent> Upgrade(IEnumerable<Migrator> databases, string target = "heads", CancellationToken cancel = default) =>
        Runs(databases, (m, observer, c) => m.Upgrade(target, observer, c), cancel);

    public IEnumerable<FleetEvent> Downgrade(IEnumerable<Migrator> databases, string target, CancellationToken cancel = default) =>
        Runs(databases, (m, observer, c) => m.Downgrade(target, observer, c), cancel);

    public IEnumerable<FleetEvent> Stamp(IEnumerable<Migrator> databases, IReadOnlyList<string> targets, bool purge = false,
        CancellationToken cancel = default) =>
        Runs(databases, (m, observer, c) => m.StampRun(targets, purge, observer, c), cancel);

    /// <summary>Takes over every database from another tool's history (<see cref="Migrator.Adopt"/>); one <see cref="DatabaseFinished"/> per database.</summary>
    public IEnumerable<FleetEvent> Adopt(IEnumerable<Migrator> databases, string from, CancellationToken cancel = default) =>
        Runs(databases, (m, observer, c) => m.AdoptRun(from, observer, c), cancel);

    /// <summary>Reads every database's status; one <see cref="DatabaseStatusRead"/> per database. A failed read stops nothing.</summary>
    public IEnumerable<FleetEvent> Status(IEnumerable<Migrator> databases, CancellationToken cancel = default) =>
        Run(Distinct(databases),
            (i, m, _, _) =>
            {
                try { return new DatabaseStatusRead(i, m.Database, m.Status(), null); }
                catch (MigrationException e) { return new DatabaseStatusRead(i, m.Database, null, e); }
            },
            (i, m, why) => new DatabaseStatusRead(i, m.Database, null,
                new MigrationException(ErrorIds.Cancelled, $"{m.Database}: {why}") { Kind = ErrorKind.Cancelled, Subject = m.Database }),
            _ => false, cancel);

    private static IReadOnlyList<Migrator> Distinct(IEnumerable<Migrator> databases) => databases.DistinctBy(m => m.Identity).ToArray();

    private IEnumerable<FleetEvent> Runs(IEnumerable<Migrator> databases, Func<Migrator, RunObserver, CancellationToken, MigrationRun> run,
        CancellationToken cancel) =>
        Run(Distinct(databases),
            (i, m, observer, c) =>
            {
                var clock = Stopwatch.StartNew();
                try { return new DatabaseFinished(i, m.Database, DatabaseResult.Of(m, run(m, observer, c), clock.Elapsed)); }
                catch (MigrationException e) { return new DatabaseFinished(i, m.Database, DatabaseResult.Refused(m, e, clock.Elapsed)); }
            },
            (i, m, why) => new DatabaseFinished(i, m.Database, DatabaseResult.NotStarted(m, why)),
            e => e is DatabaseFinished { Result.Status: DatabaseOutcome.Failed }, cancel);

    /// <summary>
    /// The worker threads take databases in list order and post what happens to one queue; this
    /// enumerator drains it. Stopping the enumeration early (a terminating error in the caller)
    /// starts nothing more and waits for the running databases to finish.
    /// </summary>
    private IEnumerable<FleetEvent> Run(IReadOnlyList<Migrator> databases,
        Func<int, Migrator, RunObserver, CancellationToken, FleetEvent> job,
        Func<int, Migrator, string, FleetEvent> notStarted,
        Func<FleetEvent, bool> stopsTheRest,
        CancellationToken cancel)
    {
        if (databases.Count == 0) yield break;
        var events = new BlockingCollection<FleetEvent>();
        var crashes = new ConcurrentQueue<ExceptionDispatchInfo>();
        var next = -1;
        string? stopped = null;
        var workerCount = Math.Min(_parallelism, databases.Count);
        var running = workerCount;

        void Work()
        {
            try
            {
                for (int i; (i = Interlocked.Increment(ref next)) < databases.Count;)
                {
                    var database = databases[i];
                    var why = cancel.IsCancellationRequested ? "cancelled before it started" : Volatile.Read(ref stopped);
                    if (why is not null)
                    {
                        events.Add(notStarted(i, database, why));
                        continue;
                    }
                    events.Add(new DatabaseStarted(i, database.Database));
                    var index = i;
                    var observer = new RunObserver(
                        Progress: p => events.Add(new DatabaseProgress(index, database.Database, p)),
                        Detail: text => events.Add(new DatabaseMessage(index, database.Database, text)),
                        Statement: _wantsStatements ? text => events.Add(new DatabaseStatement(index, database.Database, text)) : null);
                    FleetEvent done;
                    try
                    {
                        done = job(i, database, observer, cancel);
                    }
                    catch (Exception e)
                    {
                        // Not an engine error but a bug: the rest stop, and the caller gets the exception.
                        crashes.Enqueue(ExceptionDispatchInfo.Capture(e));
                        Interlocked.CompareExchange(ref stopped, $"not started: {database.Database} failed unexpectedly", null);
                        continue;
                    }
                    if (_failFast && stopsTheRest(done))
                        Interlocked.CompareExchange(ref stopped, $"not started: {database.Database} failed, and fail-fast stops the rest", null);
                    events.Add(done);
                }
            }
            finally
            {
                if (Interlocked.Decrement(ref running) == 0) events.CompleteAdding();
            }
        }

        var workers = Enumerable.Range(0, workerCount)
            .Select(_ => Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToArray();
        try
        {
            foreach (var e in events.GetConsumingEnumerable()) yield return e;
        }
        finally
        {
            Interlocked.CompareExchange(ref stopped, "not started: the caller stopped reading", null);
            Task.WaitAll(workers);
            events.Dispose();
        }
        if (crashes.TryDequeue(out var crash)) crash.Throw();
    }
}
