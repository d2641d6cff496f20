using System.Xml.Linq;
using PSMigrate.Tests.Support;

namespace PSMigrate.Tests.Cli;

/// <summary>psmigrate on a folder written for three databases, with a dev database for each server.</summary>
[Collection(DatabaseCollection.Name)]
public class MultiDialectCliTests(TestDatabases databases) : IDisposable
{
    private readonly Folders _folders = new();

    public void Dispose() => _folders.Dispose();

    [SkippableFact]
    public void Revision_autogenerate_and_test_take_a_dev_database_per_dialect_and_report_each_dialect()
    {
        var (postgres, mysql) = (databases.Create(TestDialect.PostgreSql), databases.Create(TestDialect.MySql));
        var folder = Path.Combine(_folders.Root, "three");
        Directory.CreateDirectory(Path.Combine(folder, "versions"));
        File.WriteAllText(Path.Combine(folder, "psmigrate.json"), """{ "dialects": ["sqlite", "postgresql", "mysql"] }""");
        File.WriteAllText(Path.Combine(folder, "schema.sql"), "CREATE TABLE runs (id INT PRIMARY KEY, status VARCHAR(20) NOT NULL);\n");

        var revision = CliRunner.Run(folder, "revision", "--autogenerate", "-m", "runs", "--dev-database", postgres, "--dev-database", mysql);
        Assert.True(revision.ExitCode == 0, revision.Stderr);
        var text = File.ReadAllText(Directory.GetFiles(Path.Combine(folder, "versions")).Single());
        Assert.Contains("-- +upgrade sqlite", text);
        Assert.Contains("-- +upgrade postgresql", text);
        Assert.Contains("-- +upgrade mysql", text);

        var junit = Path.Combine(folder, "results.xml");
        var test = CliRunner.Run(folder, "test", "--dev-database", postgres, "--dev-database", mysql, "--junit", junit);
        Assert.True(test.ExitCode == 0, test.Stdout + test.Stderr);
        Assert.Matches(@"(?m)^upgrade \(mysql\)\s", test.Stdout);
        Assert.Equal(["psmigrate.folder", "psmigrate.mysql", "psmigrate.postgresql", "psmigrate.sqlite"],
            XDocument.Load(junit).Descendants("testsuite").Select(s => s.Attribute("name")!.Value).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(PostgresServer.Password, test.Stdout + test.Stderr + File.ReadAllText(junit));

        // Without MySQL's: its failure is one result, and SQLite's and PostgreSQL's are printed and written all the same.
        var partial = CliRunner.Run(folder, "test", "--dev-database", postgres, "--junit", junit);
        Assert.Equal(1, partial.ExitCode);
        Assert.Matches(@"(?m)^scratch-database \(mysql\)\s+failed\s", partial.Stdout);
        Assert.Matches(@"(?m)^upgrade \(postgresql\)\s.*passed", partial.Stdout);
        Assert.Contains("psmigrate.sqlite", File.ReadAllText(junit));
    }
}
