using PSMigrate.Tests.Support;

namespace PSMigrate.Tests.Checks;

/// <summary>A folder written for SQLite, PostgreSQL and MySQL at once: one dev database per server, one run for all three.</summary>
[Collection(DatabaseCollection.Name)]
public class ThreeDialectTests(TestDatabases databases)
{
    [SkippableFact]
    public void Autogenerate_and_test_cover_every_declared_dialect_in_one_run_and_an_unreachable_one_is_one_failed_result()
    {
        var (postgres, mysql) = (databases.Create(TestDialect.PostgreSql), databases.Create(TestDialect.MySql));
        using var folder = new FolderBuilder()
            .Config("""{ "dialects": ["sqlite", "postgresql", "mysql"] }""")
            .Add("r1", up: "CREATE TABLE runs (id INT PRIMARY KEY, status VARCHAR(20) NOT NULL);", down: "DROP TABLE runs;")
            .Schema("CREATE TABLE runs (id INT PRIMARY KEY, status VARCHAR(20) NOT NULL, finished VARCHAR(30));");
        var project = folder.Project();

        var planned = project.PlanAutogenerate(new NewRevisionRequest("finished"), null, new SchemaOptions([postgres, mysql]), DateTimeOffset.UtcNow)!;
        foreach (var dialect in new[] { "sqlite", "postgresql", "mysql" })
        {
            Assert.Contains($"-- +upgrade {dialect}\n", planned.Text);
            Assert.Contains($"-- +downgrade {dialect}\n", planned.Text);
        }
        project.WriteRevision(planned);

        var results = folder.Project().Test(new TestOptions([postgres, mysql]));
        Assert.All(results, r => Assert.True(r.Status is CheckStatus.Passed or CheckStatus.Warning, $"{r.Check} {r.Dialect}: {r.Message}"));
        Assert.Equal(["mysql", "postgresql", "sqlite"], results.Where(r => r.Check == "upgrade").Select(r => r.Dialect).Distinct().Order(StringComparer.Ordinal));
        var junit = JUnitReport.Write(results);
        Assert.Contains("name=\"upgrade r1 [mysql]\"", junit);
        Assert.Contains("name=\"upgrade r1 [postgresql]\"", junit);

        // Without MySQL's dev database, MySQL is one failed result with the reason; SQLite and PostgreSQL still report.
        var partial = folder.Project().Test(new TestOptions([postgres]));
        var unreachable = Assert.Single(partial, r => r.Status == CheckStatus.Failed);
        Assert.Equal(("scratch-database", "mysql"), (unreachable.Check, unreachable.Dialect));
        Assert.Contains("needs a dev database", unreachable.Message);
        Assert.Contains(partial, r => r.Check == "upgrade" && r.Dialect == "postgresql" && r.Status == CheckStatus.Passed);
        Assert.Contains(partial, r => r.Check == "upgrade" && r.Dialect == "sqlite" && r.Status == CheckStatus.Passed);

        var twice = Assert.Throws<MigrationException>(() => folder.Project().Test(new TestOptions([postgres, databases.Create(TestDialect.PostgreSql)])));
        Assert.Contains("two dev databases for postgresql", twice.Message);

        // The same from psmigrate.json's "devDatabases".
        folder.Config($$"""{ "dialects": ["sqlite", "postgresql", "mysql"], "devDatabases": { "postgresql": "{{postgres}}", "mysql": "{{mysql}}" } }""");
        Assert.DoesNotContain(folder.Project().Test(), r => r.Status == CheckStatus.Failed);
    }
}
