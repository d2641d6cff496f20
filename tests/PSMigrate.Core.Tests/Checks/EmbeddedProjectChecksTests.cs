namespace PSMigrate.Tests.Checks;

/// <summary>
/// A project loaded from an assembly's resources is linted and tested from those resources: its
/// revision files exist nowhere on disk, so an ignore comment is only seen if lint reads them there.
/// </summary>
public class EmbeddedProjectChecksTests
{
    [Fact]
    public void An_embedded_folder_is_tested_and_linted_from_its_resources()
    {
        var project = MigrationProject.FromAssembly(typeof(EmbeddedProjectChecksTests).Assembly, "embedded-migrations");
        var results = project.Test();

        Assert.All(results.Where(r => r.Check is "graph" or "upgrade" or "up-down" or "downgrade-to-base"), r => Assert.Equal(CheckStatus.Passed, r.Status));
        Assert.Equal(["001", "002", "003"], results.Where(r => r.Check == "upgrade").Select(r => r.Revision));
        // 002's drop is silenced by the comment line above it; 003's is not.
        var drop = Assert.Single(results, r => r.Check == "lint:PSM001");
        Assert.Equal("003", drop.Revision);
        Assert.StartsWith("PSMigrate.Core.Tests:embedded-migrations/versions/003_drop_users.sql:7: drop-table: DROP TABLE users", drop.Message);
    }
}
