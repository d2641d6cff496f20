using PSMigrate.Files;
using PSMigrate.Tests.Support;

namespace PSMigrate.Tests.Files;

public class RevisionWriterTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 15, 0, TimeSpan.Zero);

    [Fact]
    public void Hex_ids_are_twelve_lowercase_hex_digits_and_the_file_reads_back()
    {
        using var f = new FolderBuilder();
        var config = MigrationConfig.Load(f.Path);
        var file = RevisionWriter.Render(config, [], new NewRevisionRequest("Add users table!"), [], Now);
        var (path, revision) = (file.Path, RevisionWriter.Write(file));

        Assert.Matches("^[0-9a-f]{12}$", revision.Id);
        Assert.Equal($"{revision.Id}_add_users_table.sql", System.IO.Path.GetFileName(path));
        var back = RevisionParser.ParseFile(path);
        Assert.Equal(revision.Id, back.Id);
        Assert.Equal("Add users table!", back.Message);
        Assert.Equal(Now, back.Created);
        Assert.True(back.IsReversible);
    }

    [Fact]
    public void Revises_base_starts_a_new_base_and_the_default_parent_is_the_single_head()
    {
        using var f = new FolderBuilder();
        f.Add("a").Add("b", "a");
        var project = f.Project();

        Assert.Empty(project.PlanRevision(new NewRevisionRequest("root", Revises: ["base"]), Now).Revises);
        Assert.Equal(["b"], project.PlanRevision(new NewRevisionRequest("next"), Now).Revises);
        Assert.Equal(["a"], project.PlanRevision(new NewRevisionRequest("side", Revises: ["a"]), Now).Revises);
    }

    [Fact]
    public void Sequence_ids_count_up_from_the_highest_numeric_id()
    {
        var scheme = RevisionIdScheme.TryParse("sequence:3")!;
        Assert.Equal("001", scheme.Next([], Now));
        Assert.Equal("007", scheme.Next(["001", "006", "abc", "002"], Now));
        Assert.Equal("1000", scheme.Next(["999"], Now));
    }

    [Fact]
    public void Timestamp_ids_are_utc_seconds()
    {
        var scheme = RevisionIdScheme.TryParse("timestamp")!;
        Assert.Equal("20261122101500", scheme.Next([], Now.ToOffset(TimeSpan.FromHours(2))));
    }

    [Fact]
    public void Writes_parents_labels_and_dependencies_and_refuses_an_existing_id()
    {
        using var f = new FolderBuilder();
        f.Add("a").Add("b");
        var folder = f.Load();
        var planned = RevisionWriter.Render(folder.Config, folder.Revisions,
            new NewRevisionRequest("merge", "m1", BranchLabels: ["main"], DependsOn: ["a"]), ["a", "b"], Now);
        var (text, revision) = (planned.Text, planned.Parsed);
        Assert.Equal(["a", "b"], revision.Revises);
        Assert.Equal(["main"], revision.BranchLabels);
        Assert.Equal(["a"], revision.DependsOn);
        Assert.Contains("-- Depends-On: a\n", text);

        var e = Assert.Throws<MigrationException>(() =>
            RevisionWriter.Render(folder.Config, folder.Revisions, new NewRevisionRequest("again", "a"), [], Now));
        Assert.Equal(ErrorIds.RevisionExists, e.ErrorId);
    }

    [Fact]
    public void An_id_that_already_says_the_message_is_not_repeated_in_the_file_name()
    {
        using var f = new FolderBuilder();
        f.Add("a");
        var project = f.Project();
        Assert.EndsWith("/0003_add_users.sql", project.PlanRevision(new NewRevisionRequest("add users", "0003_add_users"), Now).Path);
        Assert.EndsWith("/r9_add_roles.sql", project.PlanRevision(new NewRevisionRequest("add roles", "r9"), Now).Path);
    }

    [Fact]
    public void A_folder_that_only_rolls_forward_writes_no_downgrade_and_refuses_an_empty_one()
    {
        using var f = new FolderBuilder();
        f.Config("{ \"downgrades\": false }").Raw("a.sql", "-- Revision: a\n-- +upgrade\nCREATE TABLE t (id INT);\n");
        var planned = f.Project().PlanRevision(new NewRevisionRequest("next"), Now);
        Assert.DoesNotContain("+downgrade", planned.Text);
        Assert.False(planned.Parsed.IsReversible);

        f.Raw("b.sql", "-- Revision: b\n-- Revises: a\n-- +upgrade\nCREATE TABLE u (id INT);\n-- +downgrade\n");
        var e = Assert.Throws<MigrationException>(() => f.Project());
        Assert.Equal(ErrorIds.EmptyDowngrade, e.ErrorId);
        Assert.Contains("b.sql:5", e.Message);
        Assert.Contains(MigrationProject.Check(f.Path), p => p is { ErrorId: ErrorIds.EmptyDowngrade, Severity: ProblemSeverity.Error });
    }

    [Fact]
    public void An_empty_downgrade_under_a_real_upgrade_is_a_warning_and_an_empty_merge_is_not()
    {
        using var f = new FolderBuilder();
        f.Raw("a.sql", "-- Revision: a\n-- +upgrade\nCREATE TABLE t (id INT);\n-- +downgrade\nDROP TABLE t;\n")
         .Raw("b.sql", "-- Revision: b\n-- Revises: a\n-- +upgrade\nCREATE TABLE u (id INT);\n-- +downgrade\n")
         .Raw("c.sql", "-- Revision: c\n-- Revises: a\n-- +upgrade\n-- +downgrade\n")
         .Raw("m.sql", "-- Revision: m\n-- Revises: b, c\n-- +upgrade\n-- +downgrade\n");
        var problem = Assert.Single(MigrationProject.Check(f.Path));
        Assert.Equal((ErrorIds.EmptyDowngrade, ProblemSeverity.Warning), (problem.ErrorId, problem.Severity));
        Assert.Contains("b.sql:5", problem.Message);
        f.Project(); // loads: a warning, not an error
    }

    [Fact]
    public void Deliberate_labelled_branches_do_not_fail_check_but_a_second_unlabelled_head_does()
    {
        using var f = new FolderBuilder();
        f.Add("a", down: "").Add("b", "a", down: "").Add("s1", "a", labels: "search", down: "").Add("s2", "s1", down: "").Add("r1", "a", labels: "reports", down: "");
        Assert.Contains(MigrationProject.Check(f.Path), p => p.ErrorId == ErrorIds.MultipleHeads);
        f.Config("{ \"deliberateBranches\": true }");
        Assert.DoesNotContain(MigrationProject.Check(f.Path), p => p.ErrorId == ErrorIds.MultipleHeads);
        f.Add("x", "a", down: "");
        Assert.Contains(MigrationProject.Check(f.Path), p => p.ErrorId == ErrorIds.MultipleHeads);
    }
}
