using System.Globalization;
using PSMigrate.Graph;
using PSMigrate.Files;
using PSMigrate.Tests.Support;
using static PSMigrate.Tests.Support.Graphs;

namespace PSMigrate.Tests.Graph;

public class RevisionGraphTests
{
    [Fact]
    public void Heads_bases_branch_points_and_merge_points()
    {
        var g = Diamond();
        Assert.Equal(["n"], g.Heads.Ids());
        Assert.Equal(["a"], g.Bases.Ids());
        Assert.True(g.IsBranchPoint(g["b"]));
        Assert.True(g.IsMergePoint(g["m"]));
        Assert.False(g.IsBranchPoint(g["c"]) || g.IsMergePoint(g["c"]));
        Assert.Equal(["a", "b", "c", "d", "e", "f", "m", "n"], g.Ordered.Ids());
        Assert.Equal(g["d"], g.LabelOwner("feature"));
    }

    [Fact]
    public void Dependencies_count_for_ancestry_but_do_not_end_a_head()
    {
        var g = Forest();
        Assert.Equal(["c", "f", "y"], g.Heads.Ids());
        Assert.Equal(["a", "x"], g.Bases.Ids());
        Assert.Equal(["a", "b", "c", "x", "y"], g.AncestorsAndSelf(g.At("y")).Sorted());
        Assert.Equal(["f", "y"], g.Tips(g.AncestorsAndSelf(g.At("c", "f", "y"))).Ids());
    }

    [Fact]
    public void Ties_are_broken_by_created_then_id()
    {
        var g = RevisionGraph.Build([Rev("z", minute: 1), Rev("b", minute: 2), Rev("a", minute: 2), Rev("k", "a, b, z", minute: 0)]);
        Assert.Equal(["z", "a", "b", "k"], g.Ordered.Ids());
    }

    [Fact]
    public void Duplicate_ids_name_both_files()
    {
        var (graph, problems) = RevisionGraph.Analyze([Rev("a"), Rev("b", "a"), Rev("a")]);
        Assert.Null(graph);
        var p = Assert.Single(problems);
        Assert.Equal(ErrorIds.DuplicateRevision, p.ErrorId);
        Assert.Equal("revision 'a' is defined twice: in versions/a.sql and in versions/a.sql", p.Message);
    }

    [Fact]
    public void Dangling_revises_and_depends_on_are_errors_naming_the_file()
    {
        var (_, problems) = RevisionGraph.Analyze([Rev("a"), Rev("b", "zz"), Rev("c", "a", dependsOn: "nolabel")]);
        Assert.Equal(2, problems.Count);
        Assert.All(problems, p => Assert.Equal(ErrorIds.MissingRevision, p.ErrorId));
        Assert.Equal("versions/b.sql: Revises names 'zz', which no revision in the folder defines", problems[0].Message);
        Assert.Contains("versions/c.sql: Depends-On names 'nolabel'", problems[1].Message);
        var e = Assert.Throws<MigrationException>(() => RevisionGraph.Build([Rev("a"), Rev("b", "zz")]));
        Assert.Equal(ErrorIds.MissingRevision, e.ErrorId);
        Assert.Equal("versions/b.sql", e.FilePath);
    }

    [Fact]
    public void Depends_on_may_name_a_branch_label()
    {
        var g = RevisionGraph.Build([Rev("a", labels: "core"), Rev("x"), Rev("y", "x", dependsOn: "core")]);
        Assert.Equal(["a"], g.Dependencies(g["y"]).Ids());
    }

    [Fact]
    public void A_cycle_names_every_file_on_it()
    {
        var e = Assert.Throws<MigrationException>(() =>
            RevisionGraph.Build([Rev("base0"), Rev("a", "c"), Rev("b", "a"), Rev("c", "b"), Rev("tail", "c")]));
        Assert.Equal(ErrorIds.RevisionCycle, e.ErrorId);
        foreach (var id in new[] { "a", "b", "c" }) Assert.Contains($"versions/{id}.sql", e.Message);
        Assert.DoesNotContain("base0", e.Message);
    }

    [Fact]
    public void A_cycle_through_a_dependency_is_found_too()
    {
        var e = Assert.Throws<MigrationException>(() => RevisionGraph.Build([Rev("a", dependsOn: "b"), Rev("b", "a")]));
        Assert.Equal(ErrorIds.RevisionCycle, e.ErrorId);
    }

    [Fact]
    public void Branch_labels_must_be_unique_and_not_ids()
    {
        var (_, problems) = RevisionGraph.Analyze([Rev("a", labels: "x"), Rev("b", "a", labels: "x"), Rev("c", "b", labels: "a")]);
        Assert.Equal(2, problems.Count);
        Assert.All(problems, p => Assert.Equal(ErrorIds.DuplicateBranchLabel, p.ErrorId));
    }

    [Fact]
    public void Several_heads_and_bases_are_warnings_not_errors()
    {
        var (graph, problems) = RevisionGraph.Analyze(Forest().Ordered.ToArray());
        Assert.NotNull(graph);
        Assert.Equal(["PSMigrate.MultipleHeads", "PSMigrate.MultipleBases"], problems.Select(p => p.ErrorId));
        Assert.All(problems, p => Assert.Equal(ProblemSeverity.Warning, p.Severity));
        Assert.Contains("c, f, y", problems[0].Message);
    }

    [Fact]
    public void Ten_thousand_revisions_build_with_one_head()
    {
        var revisions = Enumerable.Range(0, 10_000).Select(i => Rev($"r{i:00000}", i == 0 ? "" : $"r{i - 1:00000}")).ToArray();
        var g = RevisionGraph.Build(revisions);
        Assert.Equal(["r09999"], g.Heads.Ids());
        Assert.Equal(10_000, g.AncestorsAndSelf(g.Heads).Count);
    }

    [Fact]
    public void Tied_revisions_are_ordered_by_ordinal_id_whatever_the_culture()
    {
        // No Created headers, so only the ids break the tie. A culture-aware comparer puts 'a' before
        // 'B'; the CLI (invariant globalization) and pwsh (ICU) must agree, so the order is ordinal.
        var saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("en-US");
        try
        {
            var g = RevisionGraph.Build(new[] { "c", "a", "B", "Ab" }.Select(id => RevisionParser.Parse($"-- Revision: {id}\n-- +upgrade\n", $"{id}.sql")).ToArray());
            Assert.Equal(["Ab", "B", "a", "c"], g.Ordered.Ids());
            Assert.Equal(["Ab", "B", "a", "c"], g.Heads.Ids());
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Several_bases_are_a_warning_with_its_own_error_id()
    {
        var (_, problems) = RevisionGraph.Analyze(new[] { Rev("a", minute: 1), Rev("b", minute: 2) });
        Assert.Contains(problems, p => p is { ErrorId: ErrorIds.MultipleBases, Severity: ProblemSeverity.Warning });
    }
}
