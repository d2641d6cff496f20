using PSMigrate.Bookkeeping;
using PSMigrate.Compilation;
using PSMigrate.Dialects;
using PSMigrate.Graph;
using PSMigrate.Planning;
using PSMigrate.Files;

namespace PSMigrate.Execution;

/// <summary>
/// How long a run waits: for the migration lock (default 5 minutes), for one statement of a
/// revision (default psmigrate.json's "commandTimeout", else no limit), and for a table lock before
/// a revision is tried again (default psmigrate.json's "tableLockTimeout" and "tableLockTries").
/// </summary>
internal sealed record RunLimits(TimeSpan? LockTimeout = null, TimeSpan? CommandTimeout = null, TimeSpan? TableLockTimeout = null, int? TableLockTries = null);

/// <summary>
/// Runs one folder's revisions against one database: reads its state, plans under the lock, and
/// executes the compiled commands. It gets the folder, the graph and the address it needs, so the
/// schema pipeline and the built-in checks run scratch databases through it like any run.
/// </summary>
internal sealed class MigrationRunner
{
    private readonly MigrationFolder _folder;
    private readonly TimeSpan _lockTimeout;
    private readonly TimeSpan? _commandTimeout;
    private readonly TableLockWait _lockWait;

    public MigrationRunner(MigrationFolder folder, RevisionGraph graph, DatabaseAddress address, RunLimits? limits = null)
    {
        _folder = folder;
        Graph = graph;
        Address = address;
        Dialect = SqlDialect.For(address.Dialect);
        _lockTimeout = limits?.LockTimeout ?? TimeSpan.FromMinutes(5);
        _commandTimeout = limits?.CommandTimeout ?? folder.Config.CommandTimeout;
        _lockWait = new TableLockWait(limits?.TableLockTimeout ?? folder.Config.TableLockWait.Timeout, limits?.TableLockTries ?? folder.Config.TableLockWait.Tries);
    }

    public RevisionGraph Graph { get; }
    public DatabaseAddress Address { get; }
    public SqlDialect Dialect { get; }
    public MigrationConfig Config => _folder.Config;

    /// <summary>The database as shown to people: never with its password.</summary>
    public string Database => Address.ToString();

    public MigrationRun Upgrade(string target, RunObserver? observer = null, CancellationToken cancel = default) =>
        Run(current => MigrationPlanner.Upgrade(Graph, current, target), observer, cancel);

    public MigrationRun Downgrade(string target, RunObserver? observer = null, CancellationToken cancel = default) =>
        Run(current => MigrationPlanner.Downgrade(Graph, current, target), observer, cancel);

    /// <summary>One step alone, up or down, under the lock like any run (for the built-in checks).</summary>
    public MigrationRun RunStep(MigrationStep step) =>
        Run(_ => new MigrationPlan(step.Direction, step.Before, step.After, [step]), null, default);

    /// <summary>A stamp as a run, with the rows before and after.</summary>
    public MigrationRun Stamp(IReadOnlyList<string> targets, bool purge, RunObserver observer, CancellationToken cancel)
    {
        using var session = DatabaseSession.OpenForWrite(Dialect, Address, Config, _lockTimeout, observer, cancel);
        var before = session.State(Address).Rows;
        var rows = MigrationPlanner.Stamp(Graph, purge ? [] : ToRevisions(before), targets);
        var run = Executor(session, null, observer, cancel).Run(CommandCompiler.CompileStamp(rows, Dialect, Config, session.Home));
        return run with { From = before, To = run.Succeeded ? rows.Select(r => r.Id).ToArray() : before };
    }

    /// <summary>
    /// Takes over a database another tool migrated: reads that tool's history table (left as it is)
    /// and stamps the revisions it says are applied. Refused when that history is dirty or failed,
    /// or names a version the folder lacks.
    /// </summary>
    public MigrationRun Adopt(string from, RunObserver observer, CancellationToken cancel)
    {
        var history = ForeignHistory.Parse(from);
        IReadOnlyList<string> applied;
        using (var connection = DatabaseSession.Guard(Address, () => Dialect.Driver.Open(Address, readOnly: true, _lockTimeout)))
        {
            applied = connection is null
                ? throw new MigrationException(ErrorIds.InvalidBookkeepingTable, $"{Database} does not exist, so it holds no {history.Table} to take over")
                    { Kind = ErrorKind.ObjectNotFound, Subject = Database }
                : history.Applied(connection, Database);
        }
        var revisions = history.Revisions(applied, Graph, Database);
        observer.Detail?.Invoke($"{history.Table} says {(applied.Count == 0 ? "nothing" : string.Join(", ", applied))} is applied: stamping {(revisions.Count == 0 ? "base" : string.Join(", ", revisions))}");
        return Stamp(revisions.Count == 0 ? ["base"] : revisions, purge: false, observer, cancel);
    }

    /// <summary>Current revisions against the folder's heads, what is pending, and whether the database is dirty.</summary>
    public MigrationStatus Status()
    {
        var state = DatabaseSession.ReadState(Dialect, Address, Config, _lockTimeout);
        var current = ToRevisions(state.Rows);
        var applied = Graph.AncestorsAndSelf(current);
        var modified = state.Checksums
            .Where(c => applied.Contains(c.Key) && Graph[c.Key].Checksum != c.Value)
            .Select(c => c.Key).Order(StringComparer.Ordinal).ToArray();
        var dirty = state.LastEntry is { LeavesDatabaseDirty: true } last
            ? last.DirtyReason + "; check the schema, then resolve it with psmigrate stamp (Set-MigrationStamp)"
            : null;
        var pending = MigrationPlanner.Pending(Graph, current).Select(r => r.Id).ToArray();
        return new MigrationStatus(Config.FolderPath, Database, state.ServerVersion,
            current.Select(r => r.Id).ToArray(),
            Graph.Heads.Select(r => r.Id).ToArray(),
            pending, dirty is not null, dirty, modified,
            LastFailures(state.OpenFailures, pending).Values.Select(e => e.ToLog(Database)).ToArray(),
            OptionalBranches(current));
    }

    /// <summary>Each optional branch: its heads, and what <c>upgrade LABEL@head</c> would run here.</summary>
    private IReadOnlyList<OptionalBranchStatus> OptionalBranches(IReadOnlyList<Revision> current) =>
        Graph.AllHeads.Where(h => Graph.OptionalBranch(h) is not null).GroupBy(h => Graph.OptionalBranch(h)!)
            .Select(g => new OptionalBranchStatus(g.Key, g.Select(h => h.Id).ToArray(),
                MigrationPlanner.Pending(Graph, current, g.ToArray()).Select(r => r.Id).ToArray()))
            .ToArray();

    /// <summary>Revisions newest first, each with its applied state here and, when not applied, its last failure.</summary>
    public IReadOnlyList<MigrationHistoryEntry> History(string? range)
    {
        var (rows, failures) = DatabaseSession.ReadHistory(Dialect, Address, Config, _lockTimeout);
        var entries = MigrationPlanner.History(Graph, ToRevisions(rows), range);
        var open = LastFailures(failures, entries.Where(e => e.IsApplied == false).Select(e => e.Revision.Id));
        return entries.Select(e => MigrationHistoryEntry.From(e, open.GetValueOrDefault(e.Revision.Id)?.Row.Error)).ToArray();
    }

    /// <summary>The journal newest first: every row, or the newest <paramref name="last"/>.</summary>
    public IReadOnlyList<MigrationLogEntry> Log(int? last) =>
        DatabaseSession.ReadJournal(Dialect, Address, Config, _lockTimeout, last).Select(e => e.ToLog(Database)).ToArray();

    /// <summary>Each of these revisions' newest open failure, in the order the revisions are given.</summary>
    private static Dictionary<string, JournalEntry> LastFailures(IReadOnlyList<JournalEntry> failures, IEnumerable<string> revisions)
    {
        var newest = failures.GroupBy(f => f.Row.Revision).ToDictionary(g => g.Key, g => g.MaxBy(f => f.Id)!, StringComparer.Ordinal);
        var result = new Dictionary<string, JournalEntry>(StringComparer.Ordinal);
        foreach (var id in revisions)
            if (newest.TryGetValue(id, out var failure)) result[id] = failure;
        return result;
    }

    /// <summary>
    /// What is wrong between this database and the folder: revisions edited since they were
    /// applied (their checksum differs from the journal's), and applied revisions the folder lacks.
    /// </summary>
    public IReadOnlyList<GraphProblem> Problems()
    {
        MigrationStatus status;
        try { status = Status(); }
        catch (MigrationException e) when (e.ErrorId == ErrorIds.UnknownAppliedRevision)
        {
            return [new GraphProblem(ProblemSeverity.Error, e.ErrorId, e.Message, [])];
        }
        return status.Modified.Select(id => new GraphProblem(ProblemSeverity.Error, ErrorIds.ModifiedRevision,
            $"revision {id} ({Graph[id].FilePath}) was edited after it was applied to {Database}: its checksum differs from the journal's",
            [Graph[id].FilePath])).ToArray();
    }

    /// <summary>The database's current revisions, read without writing or locking.</summary>
    public IReadOnlyList<Revision> Current() => ToRevisions(DatabaseSession.ReadRows(Dialect, Address, Config, _lockTimeout));

    private MigrationRun Run(Func<IReadOnlyList<Revision>, MigrationPlan> plan, RunObserver? observer, CancellationToken cancel)
    {
        observer ??= RunObserver.None;
        // An empty folder has nothing to run: the database is not opened, so no table is made in it.
        if (Graph.Count == 0 && plan([]).Steps.Count == 0) return new MigrationRun(Database, [], null);
        // Plan once from an unlocked look first: a bad target or a foreign version table must fail
        // before a missing SQLite file is created, or any table is, and before the lock is waited
        // for. Opening a server database creates nothing, so there the look shares the connection
        // (a server starts a process per connection). Under the lock it is planned again.
        if (Dialect.DatabaseIsFile) plan(Current());
        using var session = DatabaseSession.OpenForWrite(Dialect, Address, Config, _lockTimeout, observer, cancel,
            beforeLock: Dialect.DatabaseIsFile ? null : rows => plan(ToRevisions(rows)));
        var state = session.State(Address);
        var current = ToRevisions(state.Rows);
        if (state.LastEntry is { LeavesDatabaseDirty: true } last)
            throw new MigrationException(ErrorIds.DirtyDatabase,
                $"{Database} is dirty: {last.DirtyReason}. Part of it may have run. " +
                "Check the schema, then record the true state with psmigrate stamp (Set-MigrationStamp).")
                { Revision = last.Row.Revision, Kind = ErrorKind.InvalidOperation, Subject = Database };
        var planned = plan(current);
        if (_lockWait.Enabled && Dialect.TableLockWaitSql(_lockWait.Timeout) is { } wait) DatabaseSession.Guard(Address, () => { Drivers.Execute(session.Connection, wait); return 0; });
        var run = Executor(session, _lockWait, observer, cancel).Run(CommandCompiler.Compile(planned, Dialect, Config, session.Home));
        // Applied steps are a prefix of the plan; the last of them says where the version table stands.
        var applied = run.Steps.Count(s => s.Status == StepStatus.Applied);
        return run with { From = planned.Start, To = applied == 0 ? planned.Start : planned.Steps[applied - 1].After };
    }

    private CommandExecutor Executor(DatabaseSession session, TableLockWait? lockWait, RunObserver observer, CancellationToken cancel) =>
        new(session.Connection, Dialect.Driver, session.Store, Address, _commandTimeout, lockWait, observer, cancel);

    private IReadOnlyList<Revision> ToRevisions(IReadOnlyList<string> rows)
    {
        var unknown = rows.Where(id => !Graph.Contains(id)).ToArray();
        if (unknown.Length > 0)
            throw new MigrationException(ErrorIds.UnknownAppliedRevision,
                $"{Database} is at revision {string.Join(", ", unknown)}, which {Config.VersionsPath} does not hold. " +
                "Is this the right folder for this database? (psmigrate stamp --purge, or Set-MigrationStamp -Purge, resets the version table.)")
                { Revision = unknown[0], Kind = ErrorKind.ObjectNotFound, Subject = Database };
        return Graph.InOrder(rows);
    }
}
