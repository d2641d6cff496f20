using PSMigrate.Planning;
using PSMigrate.Files;
using PSMigrate.Tests.Support;
using static PSMigrate.Tests.Support.Graphs;

namespace PSMigrate.Tests.Planning;

public class MigrationPlannerTests
{
    [Fact]
    public void Upgrade_through_a_branch_and_merge_tracks_the_version_table()
    {
        var g = Diamond();
        var plan = MigrationPlanner.Upgrade(g, [], "head");
        Assert.Equal(["a", "b", "c", "d", "e", "f", "m", "n"], plan.Steps.Select(s => s.Revision.Id));
        Assert.Equal([["a"], ["b"], ["c"], ["c", "d"], ["d", "e"], ["e", "f"], ["m"], ["n"]],
            plan.Steps.Select(s => s.After.Sorted()));
        Assert.Equal(["n"], plan.End);
        Assert.All(plan.Steps, s => Assert.Equal(Direction.Upgrade, s.Direction));
    }

    [Fact]
    public void Upgrade_runs_only_what_the_target_needs()
    {
        var g = Forest();
        var plan = MigrationPlanner.Upgrade(g, g.At("c"), "feature@head");
        Assert.Equal(["d", "f"], plan.Steps.Select(s => s.Revision.Id));
        Assert.Equal(["c", "f"], plan.End.Sorted());
        Assert.Empty(MigrationPlanner.Upgrade(g, g.At("c"), "b").Steps);
    }

    [Fact]
    public void A_revision_reached_only_through_depends_on_is_not_stored()
    {
        var g = Forest();
        var plan = MigrationPlanner.Upgrade(g, [], "y");
        Assert.Equal(["a", "b", "c", "x", "y"], plan.Steps.Select(s => s.Revision.Id));
        Assert.Equal(["y"], plan.End);

        var back = MigrationPlanner.Downgrade(g, g.At("y"), "-1");
        Assert.Equal(["y"], back.Steps.Select(s => s.Revision.Id));
        Assert.Equal(["c", "x"], back.End.Sorted());
    }

    [Fact]
    public void Downgrade_undoes_descendants_children_first()
    {
        var g = Diamond();
        var plan = MigrationPlanner.Downgrade(g, g.At("n"), "b");
        Assert.Equal(["n", "m", "f", "e", "d", "c"], plan.Steps.Select(s => s.Revision.Id));
        Assert.Equal(["b"], plan.End);
        Assert.All(plan.Steps, s => Assert.Equal(Direction.Downgrade, s.Direction));

        var toD = MigrationPlanner.Downgrade(g, g.At("n"), "d");
        Assert.Equal(["n", "m", "f"], toD.Steps.Select(s => s.Revision.Id));
        Assert.Equal(["d", "e"], toD.End.Sorted());

        var merge = MigrationPlanner.Downgrade(g, g.At("m"), "-1");
        Assert.Equal(["m"], merge.Steps.Select(s => s.Revision.Id));
        Assert.Equal(["e", "f"], merge.End.Sorted());

        var branch = MigrationPlanner.Downgrade(g, g.At("e", "f"), "feature@base");
        Assert.Equal(["f", "d"], branch.Steps.Select(s => s.Revision.Id));
        Assert.Equal(["e"], branch.End);

        Assert.Equal(8, MigrationPlanner.Downgrade(g, g.At("n"), "base").Steps.Count);
    }

    [Fact]
    public void Downgrade_through_an_irreversible_revision_fails_before_any_step()
    {
        var g = Diamond(mergeReversible: false);
        var e = Assert.Throws<MigrationException>(() => MigrationPlanner.Downgrade(g, g.At("n"), "base"));
        Assert.Equal(ErrorIds.Irreversible, e.ErrorId);
        Assert.Equal("m", e.Revision);
        Assert.Contains("nothing was run", e.Message);
        Assert.Single(MigrationPlanner.Downgrade(g, g.At("n"), "-1").Steps);
    }

    [Fact]
    public void Stamp_keeps_the_smallest_set_of_rows()
    {
        var g = Forest();
        Assert.Equal(["c"], MigrationPlanner.Stamp(g, [], ["c", "b"]).Ids());
        Assert.Equal(["f", "y"], MigrationPlanner.Stamp(g, [], ["heads"]).Ids());
        Assert.Empty(MigrationPlanner.Stamp(g, g.At("c"), ["base"]));
    }

    [Fact]
    public void History_is_newest_first_with_each_revisions_place_and_state()
    {
        var g = Diamond();
        var history = MigrationPlanner.History(g, g.At("e"));
        Assert.Equal(["n", "m", "f", "e", "d", "c", "b", "a"], history.Select(h => h.Revision.Id));
        var byId = history.ToDictionary(h => h.Revision.Id);
        Assert.True(byId["n"].IsHead);
        Assert.True(byId["a"].IsBase);
        Assert.True(byId["b"].IsBranchPoint);
        Assert.True(byId["m"].IsMergePoint);
        Assert.Equal([true, true, true, false], new[] { "a", "c", "e", "d" }.Select(id => byId[id].IsApplied!.Value));
        Assert.True(byId["e"].IsCurrent);
        Assert.False(byId["c"].IsCurrent);
        Assert.Null(MigrationPlanner.History(g, null)[0].IsApplied);

        Assert.Equal(["m", "e", "c"], MigrationPlanner.History(g, null, "c:m").Select(h => h.Revision.Id));
        Assert.Equal(["n", "m", "f"], MigrationPlanner.History(g, null, "f:").Select(h => h.Revision.Id));
    }

    [Fact]
    public void Pending_lists_what_an_upgrade_to_heads_would_run()
    {
        var g = Forest();
        Assert.Equal(["d", "f", "x", "y"], MigrationPlanner.Pending(g, g.At("c")).Ids());
    }
}
