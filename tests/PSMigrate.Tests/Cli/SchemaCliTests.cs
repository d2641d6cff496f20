using System.Text.Json;
using PSMigrate.Tests.Support;

namespace PSMigrate.Tests.Cli;

/// <summary>examples/autogenerate as its README walks through it, with the real psmigrate process.</summary>
public class SchemaCliTests : IDisposable
{
    private readonly Folders _folders = new();

    public void Dispose() => _folders.Dispose();

    [Fact]
    public void The_autogenerate_example_runs_as_its_readme_says()
    {
        var shop = _folders.CopyExample("autogenerate");
        Assert.Equal(0, CliRunner.Run(shop, "upgrade").ExitCode);
        var db = new DbProbe("sqlite:" + Path.Combine(shop, "shop.db"));
        db.Execute("INSERT INTO products (name, price) VALUES ('pen', 2), ('book', 12)");

        var diff = CliRunner.Run(shop, "diff");
        Assert.Equal(0, diff.ExitCode);
        Assert.Matches(@"CreateTable\s+create table categories", diff.Stdout);
        Assert.Contains("add check (price >= 0)", diff.Stdout);

        var revision = CliRunner.Run(shop, "revision", "--autogenerate", "-m", "categories");
        Assert.Equal(0, revision.ExitCode);
        var file = Path.Combine(shop, "versions", "0002_categories.sql");
        var text = File.ReadAllText(file);
        Assert.Contains("-- Revises: 0001", text);
        Assert.Contains("CREATE TABLE \"_psmigrate_new_products\"", text);
        Assert.Contains("-- +downgrade", text);
        Assert.Empty(Directory.GetFiles(Path.Combine(shop, "versions"), ".*"));

        var upgrade = CliRunner.Run(shop, "upgrade");
        Assert.Equal(0, upgrade.ExitCode);
        Assert.Equal(2, db.Scalar("SELECT COUNT(*) FROM products"));
        Assert.Equal(1, db.Scalar("SELECT COUNT(*) FROM cheap_products"));
        Assert.Contains("No differences", CliRunner.Run(shop, "diff").Stdout);
        Assert.Equal(0, CliRunner.Run(shop, "check", "--drift", "-d", "sqlite:shop.db").ExitCode);
        var test = CliRunner.Run(shop, "test");
        Assert.True(test.ExitCode == 0, test.Stdout + test.Stderr);
        Assert.Contains("the heads match", test.Stdout);

        var again = CliRunner.Run(shop, "revision", "--autogenerate", "-m", "again");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("no difference", again.Stderr);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(shop, "versions")).Length);

        db.Execute("CREATE TABLE by_hand (x INTEGER)");
        var drift = CliRunner.Run(shop, "check", "--drift", "-d", "sqlite:shop.db", "--json");
        Assert.Equal(1, drift.ExitCode);
        Assert.Contains("PSMigrate.SchemaDrift", drift.Stderr);
        using var json = JsonDocument.Parse(drift.Stdout);
        Assert.Equal("create table by_hand", json.RootElement.GetProperty("differences")[0].GetProperty("description").GetString());
        Assert.Contains("DROP TABLE \"by_hand\"", json.RootElement.GetProperty("downgradeSql").GetString());

        using var schema = JsonDocument.Parse(CliRunner.Run(shop, "schema").Stdout);
        Assert.Equal(["categories", "products"], schema.RootElement.GetProperty("schema").GetProperty("tables").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
    }

    [Fact]
    public void The_snapshots_example_upgrades_both_releases_and_a_broken_backfill_fails_their_checks()
    {
        var folder = _folders.CopyExample("snapshots");
        var junit = Path.Combine(folder, "results.xml");
        var run = CliRunner.Run(folder, "test", "--junit", junit, "--json");
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        using (var json = JsonDocument.Parse(run.Stdout))
        {
            var snapshots = json.RootElement.EnumerateArray().Where(r => r.GetProperty("check").GetString() == "snapshot").ToList();
            Assert.Equal(["release-1.0.db", "release-1.1.sql"], snapshots.Select(r => r.GetProperty("revision").GetString()));
            Assert.All(snapshots, r => Assert.Equal("passed", r.GetProperty("status").GetString()));
        }
        Assert.Equal(2, System.Xml.Linq.XDocument.Load(junit).Descendants("testcase").Count(c => c.Attribute("name")!.Value.StartsWith("snapshot ")));

        // A backfill that forgets the users of release 1.0 leaves addresses empty: their check says so.
        var backfill = Path.Combine(folder, "versions", "0004_backfill_email.sql");
        File.WriteAllText(backfill, File.ReadAllText(backfill).Replace("WHERE email IS NULL", "WHERE email IS NULL AND id > 2"));
        var broken = CliRunner.Run(folder, "test");
        Assert.Equal(1, broken.ExitCode);
        Assert.Matches(@"snapshot \(sqlite\)\s+release-1\.0\.db\s+failed", broken.Stdout);
        Assert.Contains("release-1.0.check.sql:2: the check returned rows", broken.Stdout);
    }

    [Fact]
    public void A_failing_schema_file_names_file_and_line_and_writes_no_revision()
    {
        var shop = _folders.CopyExample("autogenerate");
        File.WriteAllText(Path.Combine(shop, "schema.sql"), "CREATE TABLE a (id INTEGER);\nCREATE TABLE a (id INTEGER);\n");
        var run = CliRunner.Run(shop, "revision", "--autogenerate", "-m", "x");
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"psmigrate: PSMigrate.SchemaFileFailed: {Path.Combine(shop, "schema.sql")}:2: ", run.Stderr);
        Assert.Contains("already exists", run.Stderr);
        Assert.Single(Directory.GetFiles(Path.Combine(shop, "versions")));
    }
}
