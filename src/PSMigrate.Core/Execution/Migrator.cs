using System.Data.Common;
using PSMigrate.Dialects;
using PSMigrate.Graph;
using PSMigrate.Offline;
using PSMigrate.Planning;
using PSMigrate.Scripts;
using PSMigrate.Storage;

namespace PSMigrate.Execution;

/// <summary>
/// Where to work: a migration folder and, optionally, a database. Front ends build one from
/// their parameters; <see cref="CurrentDirectory"/> is the shell's location, not the process's.
/// </summary>
public sealed record MigrationRequest(
    string FolderPath,
    string CurrentDirectory,
    string? Database = null,
    string? UserName = null,
    string? Password = null,
    TimeSpan? LockTimeout = null)
{
    public override string ToString() => $"{FolderPath} -> {Database ?? "(no database)"}";
}

/// <summary>
/// The engine's entry point: loads a folder, plans against a database's state, and runs.
/// Writes take the migration lock before reading the version table; reads never write.
/// </summary>
public sealed class Migrator
{
    private readonly DatabaseAddress? _address;
    private readonly TimeSpan _lockTimeout;

    public Migrator(MigrationFolder folder, DatabaseAddress? address, TimeSpan? lockTimeout = null)
    {
        Folder = folder;
        Graph = RevisionGraph.Build(folder.Revisions);
        _address = address;
        _lockTimeout = lockTimeout ?? TimeSpan.FromMinutes(5);
    }

    public static Migrator Open(MigrationRequest request)
    {
        var folder = MigrationFolder.Load(Path.GetFullPath(request.FolderPath, request.CurrentDirectory));
        var resolved = folder.Config.ResolveDatabase(request.Database, request.CurrentDirectory);
        var address = resolved is null ? null : DatabaseAddress.Parse(resolved).WithCredential(request.UserName, request.Password);
        return new Migrator(folder, address, request.LockTimeout);
    }

    public MigrationFolder Folder { get; }
    public RevisionGraph Graph { get; }

    /// <summary>The database as shown to people: never with its password.</summary>
    public string? Database => _address?.ToString();

    public ISqlDialect Dialect => SqlDialects.For(Address.Dialect);

    public IReadOnlyList<MigrationStepResult> Upgrade(string target, RunObserver? observer = null, CancellationToken cancel = default) =>
        Run(current => MigrationPlanner.Upgrade(Graph, current, target), observer, cancel);

    public IReadOnlyList<MigrationStepResult> Downgrade(string target, RunObserver? observer = null, CancellationToken cancel = default) =>
        Run(current => MigrationPlanner.Downgrade(Graph, current, target), observer, cancel);

    /// <summary>The plan an upgrade would run now, read without writing or locking (for -WhatIf).</summary>
    public MigrationPlan PlanUpgrade(string target) => MigrationPlanner.Upgrade(Graph, ReadState().Current, target);

    public MigrationPlan PlanDowngrade(string target) => MigrationPlanner.Downgrade(Graph, ReadState().Current, target);

    /// <summary>The version-table rows a stamp would write.</summary>
    public IReadOnlyList<Revision> PlanStamp(IReadOnlyList<string> targets, bool purge) =>
        MigrationPlanner.Stamp(Graph, purge ? [] : ReadState().Current, targets);

    /// <summary>
    /// The file a new revision would be, validated against the whole graph, without writing it.
    /// Its parents: those named in the request; with <c>Merge</c>, every head; otherwise the
    /// folder's single head (or none for the first revision).
    /// </summary>
    public NewRevision PlanRevision(NewRevisionRequest request, DateTimeOffset now)
    {
        IReadOnlyList<string> parents;
        if (request.Merge)
        {
            if (Graph.Heads.Count < 2)
                throw new MigrationException(ErrorIds.NothingToMerge, $"nothing to merge: the folder has {Graph.Heads.Count} head(s)")
                    { Kind = ErrorKind.InvalidOperation };
            parents = Graph.Heads.Select(r => r.Id).ToArray();
        }
        else if (request.Revises is { } named)
        {
            var resolver = new TargetResolver(Graph, []);
            parents = named.SelectMany(resolver.ResolveRevisions).Select(r => r.Id).Distinct().ToArray();
        }
        else if (Graph.Heads.Count > 1)
            throw new MigrationException(ErrorIds.MultipleHeads,
                $"the folder has {Graph.Heads.Count} heads ({RevisionGraph.Ids(Graph.Heads)}): merge them with -Merge, or name the parent with -Revises")
                { Kind = ErrorKind.InvalidOperation };
        else
            parents = Graph.Heads.Select(r => r.Id).ToArray();

        var file = RevisionWriter.Render(Folder.Config, Folder.Revisions, request with { Revises = parents }, parents, now);
        RevisionGraph.Build([.. Folder.Revisions, file.Revision]); // a dangling Depends-On or a taken label fails here, before writing
        return file;
    }

    /// <summary>Writes a planned revision file and describes it in the graph it joins.</summary>
    public MigrationRevision WriteRevision(NewRevision file)
    {
        var written = RevisionWriter.Write(file);
        return MigrationRevision.From(written, RevisionGraph.Build([.. Folder.Revisions, written]));
    }

    /// <summary>
    /// Every problem of a folder's graph. A static entry point, because a Migrator refuses to
    /// load a graph with errors, and those are what a check must report.
    /// </summary>
    public static IReadOnlyList<GraphProblem> Check(string folderPath) =>
        RevisionGraph.Analyze(MigrationFolder.Load(folderPath).Revisions).Problems;

    /// <summary>
    /// An upgrade as one SQL script, without connecting. <paramref name="range"/> is <c>to</c>
    /// (from base) or <c>from:to</c>, where <c>from</c> is the state the script starts from.
    /// </summary>
    public string RenderUpgrade(string range)
    {
        var (from, to) = TargetResolver.SplitRange(range);
        var start = from is null ? [] : new TargetResolver(Graph, []).ResolveRevisions(from);
        var plan = MigrationPlanner.Upgrade(Graph, Graph.Tips(Graph.AncestorsAndSelf(start)), to ?? "heads");
        return OfflineRenderer.Render(plan, Dialect, Folder.Config);
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
        var plan = MigrationPlanner.Downgrade(Graph, Graph.Tips(Graph.AncestorsAndSelf(start)), to);
        return OfflineRenderer.Render(plan, Dialect, Folder.Config);
    }

    public string RenderStamp(IReadOnlyList<string> targets) =>
        OfflineRenderer.RenderStamp(MigrationPlanner.Stamp(Graph, [], targets), Dialect, Folder.Config);

    /// <summary>
    /// Replaces the version table with the given revisions, running no migration SQL. With
    /// <paramref name="purge"/>, rows naming revisions the folder lacks are dropped instead of refused.
    /// This is also how an admin marks a dirty database as resolved.
    /// </summary>
    public MigrationStatus Stamp(IReadOnlyList<string> targets, bool purge = false, CancellationToken cancel = default)
    {
        using (var session = OpenForWrite(cancel))
        {
            var current = purge ? [] : ToRevisions(session.Store.ReadVersions());
            var rows = MigrationPlanner.Stamp(Graph, current, targets);
            var now = DateTime.UtcNow;
            using var transaction = session.Connection.BeginTransaction();
            session.Store.ClearVersions(transaction);
            session.Store.ApplyVersions(rows.Select(r => new VersionRowChange(null, r.Id)), transaction);
            foreach (var (id, checksum) in rows.Count == 0 ? [("base", null)] : rows.Select(r => (r.Id, (string?)r.Checksum)))
                session.Store.AddJournal(new JournalEntry(0, id, "stamp", JournalStatus.Applied, checksum, now, now, 0,
                    null, null, null, null, false), transaction);
            transaction.Commit();
        }
        return Status();
    }

    /// <summary>Current revisions against the folder's heads, what is pending, and whether the database is dirty.</summary>
    public MigrationStatus Status()
    {
        var state = ReadState();
        var applied = Graph.AncestorsAndSelf(state.Current);
        var modified = state.Checksums
            .Where(c => applied.Contains(c.Key) && Graph[c.Key].Checksum != c.Value)
            .Select(c => c.Key).Order(StringComparer.Ordinal).ToArray();
        var dirty = state.LastEntry is { LeavesDatabaseDirty: true } last
            ? last.DirtyReason + "; check the schema, then resolve it with Set-MigrationStamp"
            : null;
        return new MigrationStatus(Address.ToString(), state.ServerVersion,
            state.Current.Select(r => r.Id).ToArray(),
            Graph.Heads.Select(r => r.Id).ToArray(),
            MigrationPlanner.Pending(Graph, state.Current).Select(r => r.Id).ToArray(),
            dirty is not null, dirty, modified);
    }

    /// <summary>Revisions newest first; with a database, each one's applied state.</summary>
    public IReadOnlyList<MigrationHistoryEntry> History(string? range = null) =>
        MigrationPlanner.History(Graph, _address is null ? null : ReadState().Current, range).Select(MigrationHistoryEntry.From).ToArray();

    public IReadOnlyList<MigrationRevision> Heads() => Graph.Heads.Select(r => MigrationRevision.From(r, Graph)).ToArray();

    private IReadOnlyList<MigrationStepResult> Run(Func<IReadOnlyList<Revision>, MigrationPlan> plan, RunObserver? observer, CancellationToken cancel)
    {
        using var session = OpenForWrite(cancel);
        var current = ToRevisions(session.Store.ReadVersions());
        if (session.Store.LastJournalEntry() is { LeavesDatabaseDirty: true } last)
            throw new MigrationException(ErrorIds.DirtyDatabase,
                $"{Address} is dirty: {last.DirtyReason}. Part of it may have run. " +
                "Check the schema, then record the true state with Set-MigrationStamp (psmigrate stamp).")
                { Revision = last.Revision, Kind = ErrorKind.InvalidOperation };
        var runner = new PlanRunner(session.Connection, session.Dialect, session.Store, Address,
            Folder.Config.TransactionMode, observer ?? RunObserver.None, cancel);
        return runner.Run(plan(current));
    }

    private DatabaseAddress Address => _address ?? throw new MigrationException(ErrorIds.NoDatabase,
        $"no database given: pass -Database / --database, set \"database\" in {Path.Combine(Folder.Config.FolderPath, MigrationConfig.FileName)}, or set {MigrationConfig.DatabaseVariable}")
        { Kind = ErrorKind.InvalidArgument };

    private sealed record State(IReadOnlyList<Revision> Current, JournalEntry? LastEntry, IReadOnlyDictionary<string, string> Checksums, string? ServerVersion);

    private State ReadState()
    {
        using var connection = Guard(() => Dialect.Open(Address, readOnly: true));
        if (connection is null) return new State([], null, new Dictionary<string, string>(), null);
        var store = Store(connection);
        return Guard(() => new State(ToRevisions(store.ReadVersions()), store.LastJournalEntry(), store.AppliedChecksums(), connection.ServerVersion));
    }

    private Session OpenForWrite(CancellationToken cancel)
    {
        var dialect = Dialect;
        var connection = Guard(() => dialect.Open(Address, readOnly: false))!;
        try
        {
            var lockHandle = Guard(() => dialect.Lock(connection, Address, Folder.Config.VersionTable, _lockTimeout, cancel));
            var store = Store(connection);
            Guard(store.EnsureCreated);
            return new Session(connection, dialect, store, lockHandle);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private VersionStore Store(DbConnection connection) =>
        new(connection, Dialect, Folder.Config.VersionTable, Folder.Config.JournalTable);

    private IReadOnlyList<Revision> ToRevisions(IReadOnlyList<string> rows)
    {
        var unknown = rows.Where(id => !Graph.Contains(id)).ToArray();
        if (unknown.Length > 0)
            throw new MigrationException(ErrorIds.UnknownAppliedRevision,
                $"{Address} is at revision {string.Join(", ", unknown)}, which {Folder.Config.VersionsPath} does not hold. " +
                "Is this the right folder for this database? (Set-MigrationStamp -Purge resets the version table.)")
                { Revision = unknown[0], Kind = ErrorKind.ObjectNotFound };
        return Graph.InOrder(rows);
    }

    /// <summary>Turns driver errors outside a step (connecting, reading state) into a redacted engine error.</summary>
    private T Guard<T>(Func<T> action)
    {
        try { return action(); }
        catch (DbException e)
        {
            throw new MigrationException(ErrorIds.ConnectionFailed, Address.Redact($"{Address}: {e.Message}"), e) { Kind = ErrorKind.ConnectionError };
        }
    }

    private void Guard(Action action) => Guard(() => { action(); return 0; });

    private sealed record Session(DbConnection Connection, ISqlDialect Dialect, VersionStore Store, IDisposable Lock) : IDisposable
    {
        public void Dispose()
        {
            Lock.Dispose();
            Connection.Dispose();
        }
    }
}
