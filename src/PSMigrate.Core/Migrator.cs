using PSMigrate.Compilation;
using PSMigrate.Dialects;
using PSMigrate.Execution;
using PSMigrate.Graph;
using PSMigrate.Offline;
using PSMigrate.Planning;
using PSMigrate.Scripts;
using PSMigrate.Storage;

namespace PSMigrate;

/// <summary>
/// One project's migrations against one database. Writes take the migration lock before they
/// read the version table, and plan again under it; reads never write and never lock. Every
/// call opens its own connection, so a Migrator holds nothing between calls.
/// </summary>
public sealed class Migrator
{
    private readonly MigrationProject _project;
    private readonly DatabaseAddress _address;
    private readonly SqlDialect _dialect;
    private readonly TimeSpan _lockTimeout;

    internal Migrator(MigrationProject project, DatabaseAddress address, TimeSpan? lockTimeout)
    {
        _project = project;
        _address = address;
        _dialect = SqlDialect.For(address.Dialect);
        _lockTimeout = lockTimeout ?? TimeSpan.FromMinutes(5);
    }

    /// <summary>The database as shown to people: never with its password.</summary>
    public string Database => _address.ToString();

    internal DatabaseAddress Address => _address;

    /// <summary>The migration folder this migrator runs.</summary>
    public string FolderPath => _project.FolderPath;

    /// <summary>
    /// Which database this is, to tell two migrators of the same database apart from two of
    /// different ones (same folder, same server and database; credentials aside).
    /// </summary>
    internal string Identity => $"{_project.FolderPath}\n{_address with { User = null, Password = null }}";

    private RevisionGraph Graph => _project.Graph;
    private MigrationConfig Config => _project.Folder.Config;

    /// <summary>
    /// Upgrades to <paramref name="target"/> (default: every head). Throws when nothing could run
    /// (a bad target, no connection, the lock, a dirty database); a step that fails is reported
    /// in the returned run instead, beside the steps done before it.
    /// </summary>
    public MigrationRun Upgrade(string target = "heads", RunObserver? observer = null, CancellationToken cancel = default) =>
        Run(current => MigrationPlanner.Upgrade(Graph, current, target), observer, cancel);

    /// <summary>Downgrades to <paramref name="target"/>, which stays applied; errors as for <see cref="Upgrade"/>.</summary>
    public MigrationRun Downgrade(string target, RunObserver? observer = null, CancellationToken cancel = default) =>
        Run(current => MigrationPlanner.Downgrade(Graph, current, target), observer, cancel);

    /// <summary>The revisions an upgrade would run now, in order, read without writing or locking (for -WhatIf).</summary>
    public IReadOnlyList<string> PlanUpgrade(string target = "heads") => Ids(MigrationPlanner.Upgrade(Graph, Current(), target));

    public IReadOnlyList<string> PlanDowngrade(string target) => Ids(MigrationPlanner.Downgrade(Graph, Current(), target));

    /// <summary>The version-table rows a stamp would write.</summary>
    public IReadOnlyList<string> PlanStamp(IReadOnlyList<string> targets, bool purge = false) =>
        MigrationPlanner.Stamp(Graph, purge ? [] : Current(), targets).Select(r => r.Id).ToArray();

    /// <summary>
    /// Replaces the version table with the given revisions, running no migration SQL. With
    /// <paramref name="purge"/>, rows naming revisions the folder lacks are dropped instead of refused.
    /// This is also how an admin marks a dirty database as resolved.
    /// </summary>
    public MigrationStatus Stamp(IReadOnlyList<string> targets, bool purge = false, CancellationToken cancel = default)
    {
        StampRun(targets, purge, RunObserver.None, cancel).ThrowIfFailed();
        return Status();
    }

    /// <summary>A stamp as a run, with the rows before and after, for fleets.</summary>
    internal MigrationRun StampRun(IReadOnlyList<string> targets, bool purge, RunObserver observer, CancellationToken cancel)
    {
        using var session = DatabaseSession.OpenForWrite(_dialect, _address, Config, _lockTimeout, observer, cancel);
        var before = session.State(_address).Rows;
        var rows = MigrationPlanner.Stamp(Graph, purge ? [] : ToRevisions(before), targets);
        var run = new CommandExecutor(session.Connection, _dialect.Driver, session.Store, _address, observer, cancel)
            .Run(CommandCompiler.CompileStamp(rows, _dialect, Config));
        return run with { From = before, To = run.Succeeded ? Ids(rows) : before };
    }

    /// <summary>Current revisions against the folder's heads, what is pending, and whether the database is dirty.</summary>
    public MigrationStatus Status()
    {
        var state = DatabaseSession.ReadState(_dialect, _address, Config, _lockTimeout);
        var current = ToRevisions(state.Rows);
        var applied = Graph.AncestorsAndSelf(current);
        var modified = state.Checksums
            .Where(c => applied.Contains(c.Key) && Graph[c.Key].Checksum != c.Value)
            .Select(c => c.Key).Order(StringComparer.Ordinal).ToArray();
        var dirty = state.LastEntry is { LeavesDatabaseDirty: true } last
            ? last.DirtyReason + "; check the schema, then resolve it with psmigrate stamp (Set-MigrationStamp)"
            : null;
        return new MigrationStatus(_project.FolderPath, Database, state.ServerVersion,
            current.Select(r => r.Id).ToArray(),
            Graph.Heads.Select(r => r.Id).ToArray(),
            MigrationPlanner.Pending(Graph, current).Select(r => r.Id).ToArray(),
            dirty is not null, dirty, modified);
    }

    /// <summary>
    /// What is wrong between this database and the folder, for check: revisions edited since they
    /// were applied (their checksum differs from the journal's), and applied revisions the folder lacks.
    /// </summary>
    public IReadOnlyList<GraphProblem> Check()
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

    /// <summary>
    /// The database against the schema its applied revisions produce (built on a scratch database):
    /// no differences means no drift. <see cref="SchemaDiff.DowngradeSql"/> is what would put the
    /// database back as its migrations say.
    /// </summary>
    public SchemaDiff CheckDrift(SchemaOptions? options = null)
    {
        var current = ToRevisions(DatabaseSession.ReadRows(_dialect, _address, Config, _lockTimeout));
        var workbench = new Schema.SchemaWorkbench(_project, options ?? new SchemaOptions(), _project.CurrentDirectory);
        var expected = new Schema.Sources.SchemaSource.FromMigrations(current.Select(r => r.Id).ToArray());
        var actual = new Schema.Sources.SchemaSource.FromDatabase(_address, Config);
        return workbench.Diff(expected, actual);
    }

    /// <summary>Revisions newest first, each with its applied state in this database.</summary>
    public IReadOnlyList<MigrationHistoryEntry> History(string? range = null) =>
        MigrationPlanner.History(Graph, Current(), range).Select(MigrationHistoryEntry.From).ToArray();

    /// <summary>
    /// An upgrade as one SQL script for this database's dialect, without connecting.
    /// <paramref name="range"/> is <c>to</c> (from base) or <c>from:to</c>, where <c>from</c> is the state the script starts from.
    /// </summary>
    public string RenderUpgrade(string range)
    {
        var (from, to) = TargetResolver.SplitRange(range);
        var start = from is null ? [] : new TargetResolver(Graph, []).ResolveRevisions(from);
        return Render(MigrationPlanner.Upgrade(Graph, Graph.Tips(Graph.AncestorsAndSelf(start)), to ?? "heads"));
    }

    /// <summary>A downgrade as one SQL script; <paramref name="range"/> must be <c>from:to</c>.</summary>
    public string RenderDowngrade(string range)
    {
        var (from, to) = TargetResolver.SplitRange(range);
        if (from is null || to is null)
            throw new MigrationException(ErrorIds.InvalidTarget,
                $"an offline downgrade needs a range from:to, such as head:base, because it cannot read where the database is (got '{range}')")
                { Kind = ErrorKind.InvalidArgument };
        var start = new TargetResolver(Graph, []).ResolveRevisions(from);
        return Render(MigrationPlanner.Downgrade(Graph, Graph.Tips(Graph.AncestorsAndSelf(start)), to));
    }

    /// <summary>A stamp as one SQL script: it replaces whatever rows the version table holds.</summary>
    public string RenderStamp(IReadOnlyList<string> targets)
    {
        var rows = MigrationPlanner.Stamp(Graph, [], targets);
        return ScriptWriter.Write("stamp -> " + ScriptWriter.Describe(Ids(rows)), CommandCompiler.CompileStamp(rows, _dialect, Config), _dialect);
    }

    private string Render(MigrationPlan plan) =>
        ScriptWriter.Write($"{plan.Direction.ToString().ToLowerInvariant()} {ScriptWriter.Describe(plan.Start)} -> {ScriptWriter.Describe(plan.End)}",
            CommandCompiler.Compile(plan, _dialect, Config), _dialect);

    private MigrationRun Run(Func<IReadOnlyList<Revision>, MigrationPlan> plan, RunObserver? observer, CancellationToken cancel)
    {
        observer ??= RunObserver.None;
        // Plan once from an unlocked look first: a bad target or a foreign version table must fail
        // before a missing SQLite file is created, or any table is, and before the lock is waited
        // for. Opening a server database creates nothing, so there the look shares the connection
        // (a server starts a process per connection). Under the lock it is planned again.
        if (_dialect.OpenCreatesDatabase) plan(Current());
        using var session = DatabaseSession.OpenForWrite(_dialect, _address, Config, _lockTimeout, observer, cancel,
            beforeLock: _dialect.OpenCreatesDatabase ? null : rows => plan(ToRevisions(rows)));
        var state = session.State(_address);
        var current = ToRevisions(state.Rows);
        if (state.LastEntry is { LeavesDatabaseDirty: true } last)
            throw new MigrationException(ErrorIds.DirtyDatabase,
                $"{Database} is dirty: {last.DirtyReason}. Part of it may have run. " +
                "Check the schema, then record the true state with psmigrate stamp (Set-MigrationStamp).")
                { Revision = last.Row.Revision, Kind = ErrorKind.InvalidOperation, Subject = Database };
        var planned = plan(current);
        var run = new CommandExecutor(session.Connection, _dialect.Driver, session.Store, _address, observer, cancel)
            .Run(CommandCompiler.Compile(planned, _dialect, Config));
        // Applied steps are a prefix of the plan; the last of them says where the version table stands.
        var applied = run.Steps.Count(s => s.Status == StepStatus.Applied);
        return run with { From = planned.Start, To = applied == 0 ? planned.Start : planned.Steps[applied - 1].After };
    }

    /// <summary>One step alone, up or down, under the lock like any run (for the built-in tests).</summary>
    internal MigrationRun RunStep(MigrationStep step) =>
        Run(_ => new MigrationPlan(step.Direction, step.Before, step.After, [step]), null, default);

    private IReadOnlyList<Revision> Current() => ToRevisions(DatabaseSession.ReadRows(_dialect, _address, Config, _lockTimeout));

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

    private static IReadOnlyList<string> Ids(MigrationPlan plan) => plan.Steps.Select(s => s.Revision.Id).ToArray();

    private static IReadOnlyList<string> Ids(IEnumerable<Revision> revisions) => revisions.Select(r => r.Id).ToArray();
}
