using PSMigrate.Files;

namespace PSMigrate.Graph;

/// <summary>
/// The revisions of a folder as a graph (docs/design.md §6). <c>Revises</c> gives parent edges,
/// <c>Depends-On</c> dependency edges; both count for ancestry, only parent edges shape
/// heads, bases, branch points and merges. Pure: no I/O. Nodes are array indices so that
/// every walk is linear in the size of the graph.
/// </summary>
internal sealed class RevisionGraph
{
    private readonly Revision[] _nodes;
    private readonly Dictionary<string, int> _index;
    private readonly Dictionary<string, int> _labels;
    private readonly int[][] _parents, _children, _dependencies, _dependents;

    private RevisionGraph(Revision[] nodes, Dictionary<string, int> index, Dictionary<string, int> labels,
        int[][] parents, int[][] dependencies, IReadOnlySet<string> optionalBranches)
    {
        _nodes = nodes;
        _index = index;
        _labels = labels;
        _parents = parents;
        _dependencies = dependencies;
        _children = Invert(parents, nodes.Length);
        _dependents = Invert(dependencies, nodes.Length);
        var sorted = TopologicalSort(Enumerable.Range(0, nodes.Length));
        Ordered = sorted.Select(i => nodes[i]).ToArray();
        // A revision is on an optional branch when it carries an optional label, or every parent is on one.
        var optional = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in Ordered)
        {
            var own = r.BranchLabels.FirstOrDefault(optionalBranches.Contains);
            var inherited = _parents[_index[r.Id]] is { Length: > 0 } ps && ps.All(p => optional.ContainsKey(nodes[p].Id)) ? optional[nodes[ps[0]].Id] : null;
            if ((own ?? inherited) is { } label) optional[r.Id] = label;
        }
        _optional = optional;
        AllHeads = Ordered.Where(r => _children[_index[r.Id]].Length == 0).ToArray();
        Heads = AllHeads.Where(r => !optional.ContainsKey(r.Id)).ToArray();
        Bases = Ordered.Where(r => r.Revises.Count == 0 && !optional.ContainsKey(r.Id)).ToArray();
    }

    private readonly Dictionary<string, string> _optional;

    /// <summary>Builds the graph, or throws the first error that <see cref="Analyze"/> finds.</summary>
    public static RevisionGraph Build(IReadOnlyList<Revision> revisions, IReadOnlySet<string>? optionalBranches = null)
    {
        var (graph, problems) = Analyze(revisions, optionalBranches);
        var error = problems.FirstOrDefault(p => p.Severity == ProblemSeverity.Error);
        if (error is not null) throw error.ToException();
        return graph!;
    }

    /// <summary>Every problem of the graph; the graph itself when it has no errors.</summary>
    public static (RevisionGraph? Graph, IReadOnlyList<GraphProblem> Problems) Analyze(IReadOnlyList<Revision> revisions,
        IReadOnlySet<string>? optionalBranches = null)
    {
        var problems = new List<GraphProblem>();
        var nodes = new List<Revision>(revisions.Count);
        var index = new Dictionary<string, int>(revisions.Count, StringComparer.Ordinal);
        foreach (var r in revisions)
        {
            if (index.TryGetValue(r.Id, out var other))
            {
                problems.Add(Error(ErrorIds.DuplicateRevision,
                    $"revision '{r.Id}' is defined twice: in {nodes[other].FilePath} and in {r.FilePath}", nodes[other], r));
                continue;
            }
            index[r.Id] = nodes.Count;
            nodes.Add(r);
        }

        var labels = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (r, i) in nodes.Select((r, i) => (r, i)))
            foreach (var label in r.BranchLabels)
            {
                if (index.ContainsKey(label))
                    problems.Add(Error(ErrorIds.DuplicateBranchLabel, $"branch label '{label}' in {r.FilePath} is also a revision id", r));
                else if (labels.TryGetValue(label, out var owner))
                    problems.Add(Error(ErrorIds.DuplicateBranchLabel,
                        $"branch label '{label}' is on two revisions: '{nodes[owner].Id}' ({nodes[owner].FilePath}) and '{r.Id}' ({r.FilePath})", nodes[owner], r));
                else
                    labels[label] = i;
            }

        var parents = new int[nodes.Count][];
        var dependencies = new int[nodes.Count][];
        for (var i = 0; i < nodes.Count; i++)
        {
            var r = nodes[i];
            parents[i] = Resolve(r, r.Revises, "Revises", index, null, problems);
            dependencies[i] = Resolve(r, r.DependsOn, "Depends-On", index, labels, problems);
        }
        if (problems.Count > 0) return (null, problems);

        var graph = new RevisionGraph(nodes.ToArray(), index, labels, parents, dependencies, optionalBranches ?? new HashSet<string>());
        if (graph.Ordered.Count < nodes.Count)
        {
            problems.Add(graph.DescribeCycle());
            return (null, problems);
        }
        if (graph.Heads.Count > 1)
            problems.Add(new GraphProblem(ProblemSeverity.Warning, ErrorIds.MultipleHeads,
                $"the folder has {graph.Heads.Count} heads: {Ids(graph.Heads)}; merge them with psmigrate revision --merge (New-MigrationRevision -Merge)",
                graph.Heads.Select(r => r.FilePath).ToArray()));
        foreach (var label in (optionalBranches ?? new HashSet<string>()).Where(l => !labels.ContainsKey(l)).Order(StringComparer.Ordinal))
            problems.Add(new GraphProblem(ProblemSeverity.Warning, ErrorIds.InvalidConfig,
                $"psmigrate.json's \"optionalBranches\" names branch label '{label}', which no revision carries", []));
        if (graph.Bases.Count > 1)
            problems.Add(new GraphProblem(ProblemSeverity.Warning, ErrorIds.MultipleBases,
                $"the folder has {graph.Bases.Count} bases: {Ids(graph.Bases)}", graph.Bases.Select(r => r.FilePath).ToArray()));
        return (graph, problems);
    }

    /// <summary>All revisions, parents and dependencies first, ties broken by Created then id.</summary>
    public IReadOnlyList<Revision> Ordered { get; }

    /// <summary>
    /// The heads a deploy goes to: every head but those of optional branches (psmigrate.json's
    /// "optionalBranches"), which run only when named (<c>data@head</c>). <see cref="AllHeads"/> has them all.
    /// </summary>
    public IReadOnlyList<Revision> Heads { get; }
    public IReadOnlyList<Revision> AllHeads { get; }

    /// <summary>The bases, optional branches' aside.</summary>
    public IReadOnlyList<Revision> Bases { get; }

    /// <summary>The optional branch a revision is on, or null.</summary>
    public string? OptionalBranch(Revision r) => _optional.GetValueOrDefault(r.Id);
    public int Count => _nodes.Length;

    public bool Contains(string id) => _index.ContainsKey(id);
    public Revision this[string id] => _nodes[_index[id]];
    public bool TryGet(string id, out Revision revision)
    {
        var found = _index.TryGetValue(id, out var i);
        revision = found ? _nodes[i] : null!;
        return found;
    }

    public Revision? LabelOwner(string label) => _labels.TryGetValue(label, out var i) ? _nodes[i] : null;

    public IReadOnlyList<Revision> Parents(Revision r) => Map(_parents[IndexOf(r)]);
    public IReadOnlyList<Revision> Children(Revision r) => Map(_children[IndexOf(r)]);
    public IReadOnlyList<Revision> Dependencies(Revision r) => Map(_dependencies[IndexOf(r)]);
    public IReadOnlyList<Revision> DependentsOf(Revision r) => Map(_dependents[IndexOf(r)]);
    public bool IsHead(Revision r) => _children[IndexOf(r)].Length == 0;
    public bool IsBase(Revision r) => _parents[IndexOf(r)].Length == 0;
    public bool IsBranchPoint(Revision r) => _children[IndexOf(r)].Length > 1;
    public bool IsMergePoint(Revision r) => _parents[IndexOf(r)].Length > 1;

    /// <summary>Whether the branch segment ending at <paramref name="head"/> (down to a branch point or a base) carries a branch label.</summary>
    public bool IsOnLabelledBranch(Revision head)
    {
        var position = head;
        while (true)
        {
            if (position.BranchLabels.Count > 0) return true;
            if (Parents(position) is not [var parent] || Children(parent).Count != 1) return false;
            position = parent;
        }
    }

    /// <summary>The revisions and all their ancestors, through both edge kinds.</summary>
    public HashSet<string> AncestorsAndSelf(IEnumerable<Revision> revisions) => Walk(revisions, _parents, _dependencies);

    /// <summary>The revisions and all their descendants, through both edge kinds.</summary>
    public HashSet<string> DescendantsAndSelf(IEnumerable<Revision> revisions) => Walk(revisions, _children, _dependents);

    /// <summary>
    /// The revisions and their descendants through parent edges only: a branch, as Alembic counts
    /// it. A revision that merely depends on the branch (an optional data branch) is not in it.
    /// </summary>
    public HashSet<string> BranchDescendantsAndSelf(IEnumerable<Revision> revisions) => Walk(revisions, _children);

    /// <summary>
    /// The given revisions in a topological order: parents and dependencies first, ties broken
    /// by Created, then id. Ordering the subset itself (not the whole folder) keeps the
    /// tie-break true to the revisions actually being run.
    /// </summary>
    public IReadOnlyList<Revision> InOrder(IEnumerable<string> ids) =>
        TopologicalSort(ids.Select(id => _index[id])).Select(i => _nodes[i]).ToArray();

    /// <summary>
    /// The smallest set whose ancestors make up <paramref name="applied"/>: the members that are
    /// no other member's ancestor (what the version table holds).
    /// </summary>
    public IReadOnlyList<Revision> Tips(IReadOnlySet<string> applied) =>
        InOrder(applied.Where(id =>
        {
            var i = _index[id];
            return !_children[i].Any(c => applied.Contains(_nodes[c].Id))
                && !_dependents[i].Any(c => applied.Contains(_nodes[c].Id));
        }));

    private int IndexOf(Revision r) => _index[r.Id];

    private IReadOnlyList<Revision> Map(int[] indices) => Array.ConvertAll(indices, i => _nodes[i]);

    private HashSet<string> Walk(IEnumerable<Revision> start, params int[][][] edgeSets)
    {
        var seen = new bool[_nodes.Length];
        var stack = new Stack<int>();
        foreach (var r in start)
            if (!seen[IndexOf(r)]) { seen[IndexOf(r)] = true; stack.Push(IndexOf(r)); }
        var result = new HashSet<string>(StringComparer.Ordinal);
        while (stack.Count > 0)
        {
            var i = stack.Pop();
            result.Add(_nodes[i].Id);
            foreach (var edges in edgeSets)
                foreach (var j in edges[i]) if (!seen[j]) { seen[j] = true; stack.Push(j); }
        }
        return result;
    }

    private List<int> TopologicalSort(IEnumerable<int> subset)
    {
        var members = subset.ToHashSet();
        var pending = new Dictionary<int, int>(members.Count);
        var ready = new PriorityQueue<int, (DateTimeOffset, string)>(TieBreak.Instance);
        foreach (var i in members)
        {
            var count = _parents[i].Count(members.Contains) + _dependencies[i].Count(members.Contains);
            if (count == 0) ready.Enqueue(i, Key(i));
            else pending[i] = count;
        }
        var result = new List<int>(members.Count);
        while (ready.TryDequeue(out var i, out _))
        {
            result.Add(i);
            foreach (var next in _children[i].Concat(_dependents[i]))
            {
                if (!pending.TryGetValue(next, out var count)) continue;
                if (count == 1) { pending.Remove(next); ready.Enqueue(next, Key(next)); }
                else pending[next] = count - 1;
            }
        }
        return result;
    }

    private (DateTimeOffset, string) Key(int i) => (_nodes[i].Created ?? DateTimeOffset.MinValue, _nodes[i].Id);

    /// <summary>
    /// Created, then id by ordinal. A tuple's own comparer compares strings by the current
    /// culture, so pwsh (ICU) and the CLI (invariant) could run tied revisions in different orders.
    /// </summary>
    private sealed class TieBreak : IComparer<(DateTimeOffset Created, string Id)>
    {
        public static readonly TieBreak Instance = new();

        public int Compare((DateTimeOffset Created, string Id) x, (DateTimeOffset Created, string Id) y) =>
            x.Created.CompareTo(y.Created) is var byTime and not 0 ? byTime : string.CompareOrdinal(x.Id, y.Id);
    }

    private GraphProblem DescribeCycle()
    {
        // Nodes left out of the order sit on or behind a cycle; walking parent and dependency
        // edges among them must come back to a node already seen.
        var ordered = Ordered.Select(r => _index[r.Id]).ToHashSet();
        var start = Enumerable.Range(0, _nodes.Length).First(i => !ordered.Contains(i));
        var path = new List<int>();
        var position = new Dictionary<int, int>();
        var current = start;
        while (!position.ContainsKey(current))
        {
            position[current] = path.Count;
            path.Add(current);
            current = _parents[current].Concat(_dependencies[current]).First(p => !ordered.Contains(p));
        }
        var cycle = path.Skip(position[current]).Select(i => _nodes[i]).ToArray();
        return new GraphProblem(ProblemSeverity.Error, ErrorIds.RevisionCycle,
            $"revisions form a cycle: {string.Join(" -> ", cycle.Select(r => $"{r.Id} ({r.FilePath})"))} -> {cycle[0].Id}",
            cycle.Select(r => r.FilePath).ToArray());
    }

    private static int[] Resolve(Revision r, IReadOnlyList<string> names, string key,
        Dictionary<string, int> index, Dictionary<string, int>? labels, List<GraphProblem> problems)
    {
        var result = new List<int>(names.Count);
        foreach (var name in names)
        {
            if (index.TryGetValue(name, out var i) || (labels is not null && labels.TryGetValue(name, out i)))
                result.Add(i);
            else
                problems.Add(Error(ErrorIds.MissingRevision, $"{r.FilePath}: {key} names '{name}', which no revision in the folder defines", r));
        }
        return result.ToArray();
    }

    private static int[][] Invert(int[][] edges, int count)
    {
        var lists = new List<int>[count];
        for (var i = 0; i < count; i++)
            foreach (var j in edges[i]) (lists[j] ??= []).Add(i);
        return lists.Select(l => l?.ToArray() ?? []).ToArray();
    }

    private static GraphProblem Error(string id, string message, params Revision[] involved) =>
        new(ProblemSeverity.Error, id, message, involved.Select(r => r.FilePath).ToArray());

    internal static string Ids(IEnumerable<Revision> revisions) => string.Join(", ", revisions.Select(r => r.Id));
}
