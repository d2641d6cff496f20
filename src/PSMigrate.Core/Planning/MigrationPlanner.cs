using PSMigrate.Graph;
using PSMigrate.Files;

namespace PSMigrate.Planning;

/// <summary>Turns the current state and a target into steps (docs/design.md §6). Pure: no I/O.</summary>
internal static class MigrationPlanner
{
    /// <summary>Runs <c>(T ∪ ancestors(T)) − A</c>, parents and dependencies first.</summary>
    public static MigrationPlan Upgrade(RevisionGraph graph, IReadOnlyList<Revision> current, string target) =>
        UpgradeTo(graph, current, new TargetResolver(graph, current).ResolveUpgrade(target));

    /// <summary>An upgrade to resolved revisions (the built-in checks walk every head, optional branches' included).</summary>
    public static MigrationPlan UpgradeTo(RevisionGraph graph, IReadOnlyList<Revision> current, IReadOnlyList<Revision> targets)
    {
        var applied = graph.AncestorsAndSelf(current);
        var wanted = graph.AncestorsAndSelf(targets);
        wanted.ExceptWith(applied);
        var tips = new VersionRows(graph, current);
        var steps = graph.InOrder(wanted).Select(r => tips.Apply(r)).ToArray();
        return new MigrationPlan(Direction.Upgrade, Ids(current), tips.Rows, steps);
    }

    /// <summary>
    /// Undoes every applied revision the target removes, children first. Fails before any step
    /// when one of them has no downgrade section.
    /// </summary>
    public static MigrationPlan Downgrade(RevisionGraph graph, IReadOnlyList<Revision> current, string target)
    {
        var what = new TargetResolver(graph, current).ResolveDowngrade(target);
        var applied = graph.AncestorsAndSelf(current);
        HashSet<string> undo;
        if (what.All) undo = new HashSet<string>(applied, StringComparer.Ordinal);
        else
        {
            undo = graph.DescendantsAndSelf(what.RemoveFrom);
            var belowKept = graph.DescendantsAndSelf(what.Keep);
            belowKept.ExceptWith(what.Keep.Select(r => r.Id));
            undo.UnionWith(belowKept);
            undo.IntersectWith(applied);
            undo.ExceptWith(graph.AncestorsAndSelf(what.Keep));
        }

        var ordered = graph.InOrder(undo).Reverse().ToArray();
        var irreversible = ordered.FirstOrDefault(r => !r.IsReversible);
        if (irreversible is not null)
            throw new MigrationException(ErrorIds.Irreversible,
                $"cannot downgrade to '{target}': revision {irreversible.Id} ({irreversible.FilePath}) has no '-- +downgrade' section; nothing was run")
                { Revision = irreversible.Id, FilePath = irreversible.FilePath, Kind = ErrorKind.InvalidOperation };

        var tips = new VersionRows(graph, current);
        var steps = ordered.Select(r => tips.Undo(r)).ToArray();
        return new MigrationPlan(Direction.Downgrade, Ids(current), tips.Rows, steps);
    }

    /// <summary>The version-table rows that stand for the given targets (one or several).</summary>
    public static IReadOnlyList<Revision> Stamp(RevisionGraph graph, IReadOnlyList<Revision> current, IEnumerable<string> targets)
    {
        var resolver = new TargetResolver(graph, current);
        var chosen = targets.SelectMany(resolver.ResolveRevisions).ToArray();
        return graph.Tips(graph.AncestorsAndSelf(chosen));
    }

    /// <summary>Revisions between the folder's heads and the database, in the order an upgrade would run them.</summary>
    public static IReadOnlyList<Revision> Pending(RevisionGraph graph, IReadOnlyList<Revision> current) => Pending(graph, current, graph.Heads);

    /// <summary>Revisions between <paramref name="heads"/> and the database, in the order an upgrade would run them.</summary>
    public static IReadOnlyList<Revision> Pending(RevisionGraph graph, IReadOnlyList<Revision> current, IReadOnlyList<Revision> heads)
    {
        var pending = graph.AncestorsAndSelf(heads);
        pending.ExceptWith(graph.AncestorsAndSelf(current));
        return graph.InOrder(pending);
    }

    /// <summary>
    /// Revisions newest first. A range <c>from:to</c> keeps those that descend from <c>from</c>
    /// and lead to <c>to</c>, both included; an empty side is open.
    /// </summary>
    public static IReadOnlyList<HistoryEntry> History(RevisionGraph graph, IReadOnlyList<Revision>? current, string? range = null)
    {
        IEnumerable<Revision> revisions = graph.Ordered;
        if (!string.IsNullOrEmpty(range))
        {
            var resolver = new TargetResolver(graph, current ?? []);
            var (from, to) = TargetResolver.SplitRange(range);
            if (to is not null)
            {
                var below = graph.AncestorsAndSelf(resolver.ResolveRevisions(to));
                revisions = revisions.Where(r => below.Contains(r.Id));
            }
            if (from is not null)
            {
                var above = graph.DescendantsAndSelf(resolver.ResolveRevisions(from));
                revisions = revisions.Where(r => above.Contains(r.Id));
            }
        }
        var applied = current is null ? null : graph.AncestorsAndSelf(current);
        var tips = current?.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        return revisions.Reverse().Select(r => new HistoryEntry(
            r, graph.IsHead(r), graph.IsBase(r), graph.IsBranchPoint(r), graph.IsMergePoint(r),
            applied?.Contains(r.Id), tips?.Contains(r.Id) ?? false, graph.OptionalBranch(r))).ToArray();
    }

    private static IReadOnlyList<string> Ids(IEnumerable<Revision> revisions) => revisions.Select(r => r.Id).ToArray();

    /// <summary>
    /// The version table's rows as steps run. Applying r replaces r's direct parents and
    /// dependencies (no other row can be its ancestor, since every row is a tip); undoing r
    /// brings back each parent or dependency that no applied revision builds on any more.
    /// </summary>
    private sealed class VersionRows
    {
        private readonly RevisionGraph _graph;
        private readonly HashSet<string> _applied;
        private readonly List<string> _rows;

        public VersionRows(RevisionGraph graph, IReadOnlyList<Revision> current)
        {
            _graph = graph;
            _applied = graph.AncestorsAndSelf(current);
            _rows = graph.Tips(_applied).Select(r => r.Id).ToList();
        }

        public IReadOnlyList<string> Rows => _rows.ToArray();

        public MigrationStep Apply(Revision r)
        {
            var before = Rows;
            foreach (var below in _graph.Parents(r).Concat(_graph.Dependencies(r))) _rows.Remove(below.Id);
            _rows.Add(r.Id);
            _applied.Add(r.Id);
            return new MigrationStep(r, Direction.Upgrade, before, Rows);
        }

        public MigrationStep Undo(Revision r)
        {
            var before = Rows;
            _applied.Remove(r.Id);
            _rows.Remove(r.Id);
            foreach (var below in _graph.Parents(r).Concat(_graph.Dependencies(r)))
                if (!_rows.Contains(below.Id) && !_graph.Children(below).Concat(_graph.DependentsOf(below)).Any(c => _applied.Contains(c.Id)))
                    _rows.Add(below.Id);
            return new MigrationStep(r, Direction.Downgrade, before, Rows);
        }
    }
}
