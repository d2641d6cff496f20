using PSMigrate.Graph;
using PSMigrate.Files;

namespace PSMigrate.Tests.Support;

/// <summary>Revision graphs built in memory, for the pure graph and planning tests.</summary>
internal static class Graphs
{
    public static Revision Rev(string id, string revises = "", string? labels = null, string? dependsOn = null, int minute = 0, bool reversible = true)
    {
        var text = $"-- Revision: {id}\n-- Revises: {revises}\n-- Created: 2026-01-01T00:{minute:00}:00Z\n" +
                   (labels is null ? "" : $"-- Branch-Labels: {labels}\n") +
                   (dependsOn is null ? "" : $"-- Depends-On: {dependsOn}\n") +
                   "-- +upgrade\n" + (reversible ? "-- +downgrade\n" : "");
        return RevisionParser.Parse(text, $"versions/{id}.sql");
    }

    /// <summary>
    /// a - b - c - e - m - n, with b branching to d (label 'feature') - f, and m merging e and f.
    /// </summary>
    public static RevisionGraph Diamond(bool mergeReversible = true) => RevisionGraph.Build([
        Rev("a", minute: 1), Rev("b", "a", minute: 2), Rev("c", "b", minute: 3), Rev("d", "b", labels: "feature", minute: 4),
        Rev("e", "c", minute: 5), Rev("f", "d", minute: 6), Rev("m", "e, f", minute: 7, reversible: mergeReversible), Rev("n", "m", minute: 8),
    ]);

    /// <summary>
    /// Three heads: a - b - c, b - d (label 'feature') - f, and a second base x (label 'other') - y,
    /// where y depends on c.
    /// </summary>
    public static RevisionGraph Forest() => RevisionGraph.Build([
        Rev("a", minute: 1), Rev("b", "a", minute: 2), Rev("c", "b", minute: 3), Rev("d", "b", labels: "feature", minute: 4),
        Rev("f", "d", minute: 5), Rev("x", labels: "other", minute: 6), Rev("y", "x", dependsOn: "c", minute: 7),
    ]);

    public static IReadOnlyList<Revision> At(this RevisionGraph graph, params string[] ids) => ids.Select(id => graph[id]).ToArray();

    public static string[] Ids(this IEnumerable<Revision> revisions) => revisions.Select(r => r.Id).ToArray();

    public static string[] Sorted(this IEnumerable<string> ids) => ids.Order(StringComparer.Ordinal).ToArray();
}
