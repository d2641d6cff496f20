using PSMigrate.Graph;
using PSMigrate.Tests.Support;
using static PSMigrate.Tests.Support.Graphs;

namespace PSMigrate.Tests.Graph;

public class TargetResolverTests
{
    private static string[] Up(RevisionGraph g, string target, params string[] current) =>
        new TargetResolver(g, g.At(current)).ResolveUpgrade(target).Ids();

    private static MigrationException Fails(RevisionGraph g, string target, params string[] current) =>
        Assert.Throws<MigrationException>(() => new TargetResolver(g, g.At(current)).ResolveUpgrade(target));

    [Theory]
    [InlineData("head", "n")]
    [InlineData("heads", "n")]
    [InlineData("base", "")]
    [InlineData("m", "m")]
    [InlineData("feature", "d")]
    [InlineData("feature@head", "n")]
    [InlineData("feature@base", "d")]
    [InlineData("e@base", "c")]
    [InlineData("c+1", "e")]
    [InlineData("n-1", "m")]
    [InlineData("m-1", "e,f")]
    [InlineData("feature@head-2", "e,f")]
    [InlineData("d+1", "f")]
    [InlineData("+2", "b")]
    [InlineData("current", "")]
    public void Absolute_and_relative_targets_on_a_diamond(string target, string expected)
    {
        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries), Up(Diamond(), target));
    }

    [Fact]
    public void Forms_that_read_the_current_revision()
    {
        var g = Diamond();
        Assert.Equal(["e"], Up(g, "+1", "c"));
        Assert.Equal(["m"], Up(g, "current+2", "c"));
        Assert.Equal(["d"], Up(g, "feature@+1", "b"));
        Assert.Equal(["f"], Up(g, "feature@+1", "d"));
        Assert.Equal(["e", "f"], Up(g, "current", "e", "f"));
    }

    [Fact]
    public void Head_with_several_heads_lists_them()
    {
        var e = Fails(Forest(), "head");
        Assert.Equal(ErrorIds.MultipleHeads, e.ErrorId);
        Assert.Contains("c, f, y", e.Message);
        Assert.Equal(["c", "f", "y"], Up(Forest(), "heads"));
        Assert.Equal(["y"], Up(Forest(), "other@head"));
    }

    [Fact]
    public void A_prefix_must_be_unique()
    {
        var g = RevisionGraph.Build([Rev("ae10"), Rev("ae11", "ae10"), Rev("b2", "ae11")]);
        Assert.Equal(["b2"], Up(g, "b"));
        Assert.Equal(["ae11"], Up(g, "ae11"));
        var e = Fails(g, "ae1");
        Assert.Equal(ErrorIds.AmbiguousRevision, e.ErrorId);
        Assert.Contains("ae10, ae11", e.Message);
        Assert.Equal(ErrorIds.UnknownRevision, Fails(g, "zz").ErrorId);
        Assert.Equal(ErrorIds.InvalidTarget, Fails(g, "a/b").ErrorId);
    }

    [Fact]
    public void Stepping_up_from_a_branch_point_must_not_choose()
    {
        var e = Fails(Diamond(), "+3");
        Assert.Equal(ErrorIds.AmbiguousStep, e.ErrorId);
        Assert.Contains("branch point with 2 revisions above it: c, d", e.Message);
        Assert.Equal(ErrorIds.AmbiguousStep, Fails(Diamond(), "b+1").ErrorId);
        Assert.Equal(ErrorIds.AmbiguousStep, Fails(Forest(), "+1").ErrorId); // two bases
    }

    [Fact]
    public void Stepping_down_through_a_merge_must_not_choose()
    {
        var e = Fails(Diamond(), "n-3");
        Assert.Equal(ErrorIds.AmbiguousStep, e.ErrorId);
        Assert.Contains("through merge m, whose parents are e, f", e.Message);
    }

    [Fact]
    public void Any_relative_step_from_several_current_heads_lists_them()
    {
        var e = Fails(Diamond(), "+1", "e", "f");
        Assert.Equal(ErrorIds.AmbiguousStep, e.ErrorId);
        Assert.Contains("2 current revisions: e, f", e.Message);
    }

    [Fact]
    public void Steps_beyond_the_graph_are_errors()
    {
        Assert.Equal(ErrorIds.StepOutOfRange, Fails(Diamond(), "+1", "n").ErrorId);
        Assert.Equal(ErrorIds.StepOutOfRange, Fails(Diamond(), "a-2").ErrorId);
        Assert.Equal(ErrorIds.InvalidTarget, Fails(Diamond(), "+0").ErrorId);
        Assert.Equal(ErrorIds.NotAnUpgradeTarget, Fails(Diamond(), "-1", "n").ErrorId);
    }

    [Fact]
    public void Downgrade_targets()
    {
        var g = Diamond();
        var resolver = new TargetResolver(g, g.At("n"));
        Assert.True(resolver.ResolveDowngrade("base").All);
        Assert.Equal(["n"], resolver.ResolveDowngrade("-1").RemoveFrom.Ids());
        Assert.Equal(["m"], resolver.ResolveDowngrade("-2").RemoveFrom.Ids());
        Assert.Equal(["d"], resolver.ResolveDowngrade("feature@base").RemoveFrom.Ids());
        Assert.Equal(["b"], resolver.ResolveDowngrade("b").Keep.Ids());
        Assert.Equal(ErrorIds.AmbiguousStep, Assert.Throws<MigrationException>(() => resolver.ResolveDowngrade("-3")).ErrorId);
        Assert.Equal(ErrorIds.NotADowngradeTarget, Assert.Throws<MigrationException>(() => resolver.ResolveDowngrade("+1")).ErrorId);

        var partial = new TargetResolver(g, g.At("e"));
        var e = Assert.Throws<MigrationException>(() => partial.ResolveDowngrade("d"));
        Assert.Equal(ErrorIds.NotADowngradeTarget, e.ErrorId);
        Assert.Contains("revision d is not applied (current: e)", e.Message);
    }

    [Fact]
    public void Ranges_split_on_the_first_colon()
    {
        Assert.Equal(("006", "head"), TargetResolver.SplitRange("006:head"));
        Assert.Equal((null, "head"), TargetResolver.SplitRange(":head"));
        Assert.Equal(("a", null), TargetResolver.SplitRange("a:"));
        Assert.Equal((null, "x"), TargetResolver.SplitRange("x"));
    }

    [Fact]
    public void A_data_branch_that_depends_on_a_schema_branch_is_not_part_of_it()
    {
        // Alembic's rule: only parent edges make a branch, so schema@head stays unambiguous.
        var g = RevisionGraph.Build(new[]
        {
            Rev("s1", labels: "schema", minute: 1), Rev("s2", "s1", minute: 2),
            Rev("d1", labels: "data", dependsOn: "s1", minute: 3), Rev("d2", "d1", minute: 4),
        });
        var resolver = new TargetResolver(g, []);
        Assert.Equal(["s2"], resolver.ResolveUpgrade("schema@head").Ids());
        Assert.Equal(["d2"], resolver.ResolveUpgrade("data@head").Ids());
        Assert.Equal(["s1", "s2"], g.AncestorsAndSelf(resolver.ResolveUpgrade("schema@head")).Sorted());
        Assert.Equal(["s2"], new TargetResolver(g, g.At("s1", "d1")).ResolveUpgrade("schema@+1").Ids());
    }
}
