using System.Management.Automation;
using System.Security;
using PSMigrate.Commands;
using PSMigrate.Tests.Support;

namespace PSMigrate.Tests.Module;

/// <summary>Each cmdlet's translation of its parameters into an engine request.</summary>
public class CmdletMappingTests
{
    private const string Location = "/home/admin/app";

    // At run time pwsh resolves PowerShell paths (drives, ~); here a plain join stands in for it.
    private static string Resolve(string path) => Path.GetFullPath(path, Location);

    [Fact]
    public void Path_resolves_against_the_PowerShell_location_not_the_process_directory()
    {
        var request = Assert.Single(new GetMigrationHeadCommand { Path = "migrations" }.Requests(Location, Resolve));
        Assert.Equal("/home/admin/app/migrations", request.FolderPath);
        Assert.Equal(Location, request.CurrentDirectory);
        Assert.Equal(Location, Assert.Single(new GetMigrationHeadCommand().Requests(Location, Resolve)).FolderPath);
    }

    [Fact]
    public void Database_lock_timeout_and_no_credential()
    {
        var request = Assert.Single(new InvokeMigrationUpgradeCommand { Database = [new DatabaseInput("sqlite:app.db")], LockTimeout = 30, CommandTimeout = 7 }.Requests(Location, Resolve));
        Assert.Equal("sqlite:app.db", request.Database);
        Assert.Equal(TimeSpan.FromSeconds(30), request.LockTimeout);
        Assert.Equal(TimeSpan.FromSeconds(7), request.CommandTimeout);
        Assert.Null(request.UserName);
        Assert.Null(request.Password);
    }

    [Fact]
    public void Several_databases_make_one_request_each_and_a_bare_path_is_a_sqlite_file()
    {
        var requests = new GetMigrationStatusCommand
        {
            Database = new[] { "postgresql://deploy@db/app", "data/app.db", "sqlite:other.db", "postgresql://deploy@db/app", @"C:\data\win.db", "./data/app.db" }
                .Select(d => new DatabaseInput(d)).ToArray(),
        }.Requests(Location, Resolve).ToArray();
        Assert.Equal(["postgresql://deploy@db/app", "sqlite:/home/admin/app/data/app.db", "sqlite:other.db", "sqlite:" + Resolve(@"C:\data\win.db")],
            requests.Select(r => r.Database));
        Assert.All(requests, r => Assert.Equal(Location, r.FolderPath));
        Assert.Equal([(string?)null], new GetMigrationStatusCommand().Requests(Location, Resolve).Select(r => r.Database));
        Assert.Equal("postgresql://deploy:***@db/app", new DatabaseInput("postgresql://deploy:s3cret/pw@db/app").ToString());
    }

    [Fact]
    public void A_credentials_password_is_read_from_its_secure_string()
    {
        using var secret = new SecureString();
        foreach (var c in "s3cret;pw") secret.AppendChar(c);
        Assert.Equal("s3cret;pw", DatabaseCmdlet.Plain(secret));
        Assert.Null(DatabaseCmdlet.Plain(new SecureString()));
        Assert.Null(DatabaseCmdlet.Plain(null));
    }

    [Fact]
    public void Targets_and_deltas()
    {
        Assert.Equal("heads", new InvokeMigrationUpgradeCommand().EffectiveTarget);
        Assert.Equal("ae10", new InvokeMigrationUpgradeCommand { Target = "ae10" }.EffectiveTarget);
        Assert.Equal("+2", new InvokeMigrationUpgradeCommand { Delta = 2 }.EffectiveTarget);
        Assert.Equal("-1", new InvokeMigrationDowngradeCommand { Delta = 1 }.EffectiveTarget);
        Assert.Equal("base", new InvokeMigrationDowngradeCommand { Target = "base" }.EffectiveTarget);
    }

    [Fact]
    public void New_revision_maps_parents_labels_dependencies_and_merge()
    {
        var request = new NewMigrationRevisionCommand
        {
            Message = "start billing", RevisionId = "b1", Revises = ["base"], BranchLabel = ["billing"], DependsOn = ["core"],
        }.ToRevisionRequest();
        Assert.Equal(("start billing", "b1"), (request.Message, request.RevisionId));
        Assert.Equal(["base"], request.Revises!); // the engine reads 'base' as no parent
        Assert.Equal(["billing"], request.BranchLabels!);
        Assert.Equal(["core"], request.DependsOn!);
        // -Merge is covered by the Pester specs: SwitchParameter is inert outside pwsh.
        Assert.Null(new NewMigrationRevisionCommand { Message = "m" }.ToRevisionRequest().Revises);
    }

    [Theory]
    [InlineData(ErrorKind.InvalidData, ErrorCategory.InvalidData)]
    [InlineData(ErrorKind.InvalidArgument, ErrorCategory.InvalidArgument)]
    [InlineData(ErrorKind.ObjectNotFound, ErrorCategory.ObjectNotFound)]
    [InlineData(ErrorKind.InvalidOperation, ErrorCategory.InvalidOperation)]
    [InlineData(ErrorKind.ResourceUnavailable, ErrorCategory.ResourceUnavailable)]
    [InlineData(ErrorKind.ConnectionError, ErrorCategory.ConnectionError)]
    [InlineData(ErrorKind.ExecutionFailed, ErrorCategory.WriteError)]
    [InlineData(ErrorKind.Cancelled, ErrorCategory.OperationStopped)]
    public void Error_kinds_map_to_categories(ErrorKind kind, ErrorCategory category) =>
        Assert.Equal(category, ErrorRecords.Category(kind));

    [Fact]
    public void An_error_targets_the_failing_revision_and_its_file()
    {
        var e = new MigrationException(ErrorIds.StatementFailed, "boom") { Revision = "007", FilePath = "/m/versions/007.sql", Line = 12 };
        Assert.Equal(new ErrorTarget("007", "/m/versions/007.sql", 12), ErrorRecords.Target(e));
        Assert.Null(ErrorRecords.Target(new MigrationException(ErrorIds.NoDatabase, "none")));
    }

    [Fact]
    public void Completion_offers_keywords_ids_and_labels()
    {
        var branches = Path.Combine(Repository.Examples, "branches");
        var all = TargetCompleter.Candidates(branches, "").Select(c => c.Text).ToArray();
        Assert.Equal(["heads", "head", "base", "7e9070000001"], all.Take(4));
        Assert.Contains("billing@head", all);
        Assert.Equal(["b10000000002", "b10000000001", "billing", "billing@head", "billing@base"],
            TargetCompleter.Candidates(branches, "b").Select(c => c.Text).Where(t => t != "base"));
        Assert.Empty(TargetCompleter.Candidates("/no/such/folder", ""));
    }
}
