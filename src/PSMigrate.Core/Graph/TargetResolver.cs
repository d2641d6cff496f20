using System.Globalization;
using System.Text.RegularExpressions;
using PSMigrate.Files;

namespace PSMigrate.Graph;

/// <summary>
/// What a downgrade undoes: everything applied if <see cref="All"/>; otherwise what descends
/// from <see cref="Keep"/> (which stays), and <see cref="RemoveFrom"/> with what descends from it.
/// </summary>
internal sealed record DowngradeTarget(bool All, IReadOnlyList<Revision> Keep, IReadOnlyList<Revision> RemoveFrom);

/// <summary>
/// Resolves the target grammar of docs/design.md §6 against a graph and the database's current
/// revisions. Every ambiguity is an error that lists the candidates.
/// </summary>
internal sealed partial class TargetResolver(RevisionGraph graph, IReadOnlyList<Revision> current)
{
    [GeneratedRegex(@"^(.*?)([+-])(\d+)$")]
    private static partial Regex RelativeForm();

    /// <summary>The revisions an upgrade must reach (empty for <c>base</c>).</summary>
    public IReadOnlyList<Revision> ResolveUpgrade(string target) => About(target, () => Resolve(target, forDowngrade: false));

    public DowngradeTarget ResolveDowngrade(string target) => About(target, () => Downgrade(target));

    /// <summary>The revisions a target names, for stamp and for either side of a range.</summary>
    public IReadOnlyList<Revision> ResolveRevisions(string target) => About(target, () => Resolve(target, forDowngrade: true));

    /// <summary>Every error of resolving a target is about that target, whichever part of it failed.</summary>
    private static T About<T>(string target, Func<T> resolve)
    {
        try { return resolve(); }
        catch (MigrationException e) when (e.Subject is null) { throw e.About(target); }
    }

    private DowngradeTarget Downgrade(string target)
    {
        Check(target);
        if (target == "base") return new DowngradeTarget(true, [], []);
        var applied = graph.AncestorsAndSelf(current);

        // A relative step down from the current revision undoes the revisions it steps off.
        var relative = RelativeForm().Match(target);
        if (relative.Success && relative.Groups[2].Value == "-" && IsCurrentReference(relative.Groups[1].Value))
        {
            var from = CurrentWithin(relative.Groups[1].Value, target);
            var steps = Count(relative.Groups[3].Value, target);
            if (from is null)
                throw Invalid(ErrorIds.StepOutOfRange, $"target '{target}': nothing is applied to step down from");
            var (_, steppedOff) = Down(from, steps, target);
            return new DowngradeTarget(false, [], [steppedOff]);
        }

        if (target.EndsWith("@base", StringComparison.Ordinal))
            return new DowngradeTarget(false, [], [BranchBase(ResolveReference(target[..^5], target))]);

        var keep = Resolve(target, forDowngrade: true);
        foreach (var r in keep)
            if (!applied.Contains(r.Id))
                throw Invalid(ErrorIds.NotADowngradeTarget,
                    $"cannot downgrade to '{target}': revision {r.Id} is not applied (current: {Describe(current)})");
        return new DowngradeTarget(false, keep, []);
    }

    /// <summary>Splits <c>from:to</c>; either side may be empty (null).</summary>
    public static (string? From, string? To) SplitRange(string range)
    {
        var colon = range.IndexOf(':');
        if (colon < 0) return (null, range);
        if (range.IndexOf(':', colon + 1) >= 0)
            throw Invalid(ErrorIds.InvalidTarget, $"'{MigrationException.Echo(range)}' is not a range: a range is from:to, with one ':'");
        var from = range[..colon];
        var to = range[(colon + 1)..];
        return (from.Length == 0 ? null : from, to.Length == 0 ? null : to);
    }

    private IReadOnlyList<Revision> Resolve(string target, bool forDowngrade)
    {
        Check(target);
        switch (target)
        {
            case "base": return [];
            case "heads": return graph.Heads;
            case "current": return current;
            case "head":
                if (graph.Heads.Count == 1) return [graph.Heads[0]];
                throw Invalid(ErrorIds.MultipleHeads, graph.Heads.Count == 0
                    ? "the folder has no revisions, so 'head' names nothing"
                    : $"'head' is ambiguous: the folder has {graph.Heads.Count} heads: {RevisionGraph.Ids(graph.Heads)}; name one, or use 'heads'");
        }

        var relative = RelativeForm().Match(target);
        if (relative.Success)
        {
            var reference = relative.Groups[1].Value;
            var up = relative.Groups[2].Value == "+";
            var steps = Count(relative.Groups[3].Value, target);
            Revision? from;
            if (IsCurrentReference(reference))
                from = CurrentWithin(reference, target);
            else
                from = Single(Resolve(reference, forDowngrade), reference);
            if (up)
            {
                if (forDowngrade && IsCurrentReference(reference))
                    throw Invalid(ErrorIds.NotADowngradeTarget, $"'{target}' steps up; a downgrade steps down (use -N)");
                // With nothing of a labelled branch applied, the first step lands on its base.
                if (from is null && reference.EndsWith('@'))
                {
                    from = BranchBase(ResolveReference(reference[..^1], target));
                    steps--;
                }
                return [steps == 0 ? from! : Up(from, steps, target)];
            }
            if (!forDowngrade && IsCurrentReference(reference))
                throw Invalid(ErrorIds.NotAnUpgradeTarget, $"'{target}' steps down; an upgrade steps up (use +N)");
            if (from is null)
                throw Invalid(ErrorIds.StepOutOfRange, $"target '{target}': nothing to step down from");
            return Down(from, steps, target).Reached;
        }

        if (target.EndsWith("@head", StringComparison.Ordinal))
            return [BranchHead(ResolveReference(target[..^5], target), target)];
        if (target.EndsWith("@base", StringComparison.Ordinal))
            return [BranchBase(ResolveReference(target[..^5], target))];
        return [ResolveReference(target, target)];
    }

    /// <summary>An id, a branch label, or a unique prefix of an id; in that order.</summary>
    public Revision ResolveReference(string reference, string target)
    {
        if (graph.TryGet(reference, out var exact)) return exact;
        if (graph.LabelOwner(reference) is { } owner) return owner;
        if (reference.Length == 0 || !RevisionParser.RevisionIdPattern().IsMatch(reference))
            throw Invalid(ErrorIds.InvalidTarget, $"'{MigrationException.Echo(target)}' is not a target: expected head, heads, base, a revision id or prefix, a branch label, X@head, X@base, +N, -N, X+N or X-N");
        var matches = graph.Ordered.Where(r => r.Id.StartsWith(reference, StringComparison.Ordinal)).ToArray();
        return matches.Length switch
        {
            1 => matches[0],
            0 => throw Invalid(ErrorIds.UnknownRevision, $"no revision, prefix or branch label matches '{MigrationException.Echo(reference)}'", ErrorKind.ObjectNotFound),
            _ => throw Invalid(ErrorIds.AmbiguousRevision,
                $"'{reference}' is a prefix of {matches.Length} revisions: {RevisionGraph.Ids(matches.Take(20))}{(matches.Length > 20 ? ", ..." : "")}"),
        };
    }

    private static bool IsCurrentReference(string reference) =>
        reference.Length == 0 || reference == "current" || reference.EndsWith('@');

    /// <summary>
    /// The single current revision, optionally within the branch named before '@'; null when
    /// nothing (of that branch) is applied.
    /// </summary>
    private Revision? CurrentWithin(string reference, string target)
    {
        var candidates = current;
        if (reference.EndsWith('@'))
        {
            var branch = graph.BranchDescendantsAndSelf([BranchBase(ResolveReference(reference[..^1], target))]);
            candidates = current.Where(r => branch.Contains(r.Id)).ToArray();
        }
        if (candidates.Count > 1)
            throw Invalid(ErrorIds.AmbiguousStep,
                $"'{target}' is a relative step, but the database has {candidates.Count} current revisions: {RevisionGraph.Ids(candidates)}; name one, e.g. {candidates[0].Id}+1");
        return candidates.Count == 1 ? candidates[0] : null;
    }

    private Revision Up(Revision? from, int steps, string target)
    {
        var position = from;
        for (var step = 1; step <= steps; step++)
        {
            var next = position is null ? graph.Bases : graph.Children(position);
            if (next.Count == 0)
                throw Invalid(ErrorIds.StepOutOfRange,
                    $"'{target}' goes {steps} steps up, but {(position?.Id ?? "base")} is a head after {step - 1}");
            if (next.Count > 1)
                throw Invalid(ErrorIds.AmbiguousStep,
                    $"'{target}': {(position is null ? "base" : $"revision {position.Id}")} is a branch point with {next.Count} revisions above it: {RevisionGraph.Ids(next)}; name one, e.g. {next[0].Id}");
            position = next[0];
        }
        return position!;
    }

    /// <summary>
    /// Steps down along parent edges. Stepping off a merge is allowed only as the last step,
    /// where it lands on all the merge's parents; going further would have to choose.
    /// </summary>
    private (IReadOnlyList<Revision> Reached, Revision SteppedOff) Down(Revision from, int steps, string target)
    {
        IReadOnlyList<Revision> position = [from];
        Revision steppedOff = from;
        for (var step = 1; step <= steps; step++)
        {
            if (position.Count == 0)
                throw Invalid(ErrorIds.StepOutOfRange, $"'{target}' goes {steps} steps down, but reaches base after {step - 1}");
            if (position.Count > 1)
                throw Invalid(ErrorIds.AmbiguousStep,
                    $"'{target}' steps down through merge {steppedOff.Id}, whose parents are {RevisionGraph.Ids(position)}; name one, e.g. {position[0].Id}-{steps - step + 1}");
            steppedOff = position[0];
            position = graph.Parents(steppedOff);
        }
        return (position, steppedOff);
    }

    private Revision BranchHead(Revision within, string target)
    {
        var below = graph.BranchDescendantsAndSelf([within]);
        var heads = graph.AllHeads.Where(h => below.Contains(h.Id)).ToArray();
        if (heads.Length == 1) return heads[0];
        throw Invalid(ErrorIds.MultipleHeads,
            $"'{target}' is ambiguous: the branch from {within.Id} has {heads.Length} heads: {RevisionGraph.Ids(heads)}");
    }

    /// <summary>The first revision of the branch segment that holds <paramref name="r"/>: down to a branch point or a base.</summary>
    private Revision BranchBase(Revision r)
    {
        var position = r;
        while (graph.Parents(position) is [var parent] && graph.Children(parent).Count == 1)
            position = parent;
        return position;
    }

    private static Revision? Single(IReadOnlyList<Revision> set, string reference) => set.Count switch
    {
        0 => null,
        1 => set[0],
        _ => throw Invalid(ErrorIds.AmbiguousStep, $"'{reference}' names {set.Count} revisions: {RevisionGraph.Ids(set)}; a relative step needs one"),
    };

    private static int Count(string digits, string target) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw Invalid(ErrorIds.InvalidTarget, $"'{target}': the step count must be a whole number from 1");

    private static void Check(string target)
    {
        if (string.IsNullOrWhiteSpace(target))
            throw Invalid(ErrorIds.InvalidTarget, "the target is empty");
    }

    private static string Describe(IReadOnlyList<Revision> revisions) =>
        revisions.Count == 0 ? "base" : RevisionGraph.Ids(revisions);

    private static MigrationException Invalid(string id, string message, ErrorKind kind = ErrorKind.InvalidArgument) =>
        new(id, message) { Kind = kind };
}
