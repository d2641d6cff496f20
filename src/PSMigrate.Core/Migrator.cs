using PSMigrate.Compilation;
using PSMigrate.Dialects;
using PSMigrate.Execution;
using PSMigrate.Graph;
using PSMigrate.Offline;
using PSMigrate.Planning;
using PSMigrate.Schema;
using PSMigrate.Schema.Sources;
using PSMigrate.Files;

namespace PSMigrate;

/// <summary>
/// One project's migrations against one database. Writes take the migration lock before they
/// read the version table, and plan again under it; reads never write and never lock. Every
/// call opens its own connection, so a Migrator holds nothing between calls.
/// </summary>
public sealed class Migrator
{
    private readonly MigrationFolder _folder;
    private readonly MigrationRunner _runner;
    private readonly AddressResolver _resolver;

    internal Migrator(MigrationFolder folder, RevisionGraph graph, DatabaseAddress address, RunLimits limits, AddressResolver resolver)
    {
        _folder = folder;
        _runner = new MigrationRunner(folder, graph, address, limits);
        _resolver = resolver;
    }

    /// <summary>The database as shown to people: never with its password.</summary>
    public string Database => _runner.Database;

    internal DatabaseAddress Address => _runner.Address;

    /// <summary>The migration folder this migrator runs.</summary>
    public string FolderPath => _folder.Config.FolderPath;

    /// <summary>
    /// Which database this is, to tell two migrators of the same database apart from two of
    /// different ones (same folder, same server and database; credentials aside).
    /// </summary>
    internal string Identity => $"{FolderPath}\n{Address with { User = null, Password = null }}";

    private RevisionGraph Graph => _runner.Graph;
    private SqlDialect Dialect => _runner.Dialect;
    private MigrationConfig Config => _folder.Config;

    /// <summary>
    /// Upgrades to <paramref name="target"/> (default: every head). Throws when nothing could run
    /// (a bad target, no connection, the lock, a dirty database); a step that fails is reported
    /// in the returned run instead, beside the steps done before it.
    /// </summary>
    public MigrationRun Upgrade(string target = "heads", RunObserver? observer = null, CancellationToken cancel = default) =>
        _runner.Upgrade(target, observer, cancel);

    /// <summary>Downgrades to <paramref name="target"/>, which stays applied; errors as for <see cref="Upgrade"/>.</summary>
    public MigrationRun Downgrade(string target, RunObserver? observer = null, CancellationToken cancel = default) =>
        _runner.Downgrade(target, observer, cancel);

    /// <summary>The revisions an upgrade would run now, in order, read without writing or locking (for -WhatIf).</summary>
    public IReadOnlyList<string> PlanUpgrade(string target = "heads") => Ids(MigrationPlanner.Upgrade(Graph, _runner.Current(), target));

    public IReadOnlyList<string> PlanDowngrade(string target) => Ids(MigrationPlanner.Downgrade(Graph, _runner.Current(), target));

    /// <summary>The version-table rows a stamp would write.</summary>
    public IReadOnlyList<string> PlanStamp(IReadOnlyList<string> targets, bool purge = false) =>
        MigrationPlanner.Stamp(Graph, purge ? [] : _runner.Current(), targets).Select(r => r.Id).ToArray();

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

    /// <summary>
    /// Takes over a database another tool migrated (<paramref name="from"/>: flyway, golang-migrate,
    /// goose, dbmate, alembic, or a table whose first column holds versions): stamps the revisions
    /// its history table says are applied, and leaves that table as it was.
    /// </summary>
    public MigrationStatus Adopt(string from, CancellationToken cancel = default)
    {
        _runner.Adopt(from, RunObserver.None, cancel).ThrowIfFailed();
        return Status();
    }

    /// <summary>An adoption as a run, for fleets.</summary>
    internal MigrationRun AdoptRun(string from, RunObserver observer, CancellationToken cancel) => _runner.Adopt(from, observer, cancel);

    /// <summary>A stamp as a run, with the rows before and after, for fleets.</summary>
    internal MigrationRun StampRun(IReadOnlyList<string> targets, bool purge, RunObserver observer, CancellationToken cancel) =>
        _runner.Stamp(targets, purge, observer, cancel);

    /// <summary>The version table's rows, read without a lock; null when the database cannot be read (for a refused run's report).</summary>
    internal IReadOnlyList<string>? CurrentOrNull()
    {
        try { return _runner.Current().Select(r => r.Id).ToArray(); }
        catch (MigrationException) { return null; }
    }

    /// <summary>Current revisions against the folder's heads, what is pending, and whether the database is dirty.</summary>
    public MigrationStatus Status() => _runner.Status();

    /// <summary>
    /// What is wrong between this database and the folder, for check: revisions edited since they
    /// were applied (their checksum differs from the journal's), and applied revisions the folder lacks.
    /// </summary>
    public IReadOnlyList<GraphProblem> Check() => _runner.Problems();

    /// <summary>
    /// The database against the schema its applied revisions produce (built on a scratch database):
    /// no differences means no drift. <see cref="SchemaDiff.DowngradeSql"/> is what would put the
    /// database back as its migrations say.
    /// </summary>
    public SchemaDiff CheckDrift(SchemaOptions? options = null) =>
        new SchemaWorkbench(_folder, Graph, options ?? new SchemaOptions(), _resolver).Drift(_runner);

    /// <summary>Revisions newest first, each with its applied state in this database.</summary>
    public IReadOnlyList<MigrationHistoryEntry> History(string? range = null) => _runner.History(range);

    /// <summary>
    /// The journal, newest first: each upgrade, downgrade and stamp with its status, times, who ran
    /// it from where, and a failed step's error text. <paramref name="last"/> keeps the newest rows only.
    /// </summary>
    public IReadOnlyList<MigrationLogEntry> Log(int? last = null) => _runner.Log(last);

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
        return ScriptWriter.Write("stamp -> " + ScriptWriter.Describe(rows.Select(r => r.Id).ToArray()),
            CommandCompiler.CompileStamp(rows, Dialect, Config, null), Dialect);
    }

    private string Render(MigrationPlan plan) =>
        ScriptWriter.Write($"{plan.Direction.ToString().ToLowerInvariant()} {ScriptWriter.Describe(plan.Start)} -> {ScriptWriter.Describe(plan.End)}",
            CommandCompiler.Compile(plan, Dialect, Config, Dialect.OfflineHome(Address), homeOnlyIfLeft: true), Dialect);

    private static IReadOnlyList<string> Ids(MigrationPlan plan) => plan.Steps.Select(s => s.Revision.Id).ToArray();
}
