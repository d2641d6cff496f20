using System.Text.Json;
using PSMigrate.Tests.Support;
using Microsoft.Data.Sqlite;

namespace PSMigrate.Tests.Cli;

/// <summary>psmigrate over many databases: -d repeated, --databases-from, several folders, names from psmigrate.json.</summary>
public class FleetCliTests : IDisposable
{
    private readonly Folders _folders = new();

    public void Dispose() => _folders.Dispose();

    private static string? Version(string db)
    {
        if (!File.Exists(db)) return null;
        using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version_num FROM psmigrate_version";
        try { return command.ExecuteScalar() as string; }
        catch (SqliteException) { return null; }
    }

    /// <summary>A SQLite file whose table t3 exists already, so revision 0003 fails there after 0002 committed.</summary>
    private static string Broken(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE t3 (id INTEGER)";
        command.ExecuteNonQuery();
        return path;
    }

    [Fact]
    public void Several_databases_stream_a_line_each_then_a_summary_and_a_failure_makes_exit_1()
    {
        var folder = _folders.Linear("fleet", 5);
        var bad = Broken(Path.Combine(folder, "bad.db"));

        var run = CliRunner.Run(folder, "upgrade", "-d", "sqlite:a.db", "-d", "sqlite:b.db", "-d", "sqlite:./a.db", "-d", "sqlite:bad.db", "--parallel", "2");

        Assert.Equal(1, run.ExitCode);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length); // a.db named twice runs once
        Assert.Equal(2, lines.Count(l => l.StartsWith("ok ") && l.Contains("base -> 0005  5 applied")));
        Assert.Single(lines, l => l.StartsWith("FAILED ") && l.Contains("bad.db") && l.Contains("base -> 0002") && l.Contains("PSMigrate.StatementFailed"));
        Assert.Contains("psmigrate: PSMigrate.StatementFailed: upgrade of revision 0003 failed at", run.Stderr);
        Assert.EndsWith("3 database(s)", run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Split(" in ")[0]);
        Assert.Contains("2 succeeded, 1 failed, 0 skipped", run.Stderr);
        Assert.Equal("0005", Version(Path.Combine(folder, "a.db")));
        Assert.Equal("0005", Version(Path.Combine(folder, "b.db")));
        Assert.Equal("0002", Version(bad));
    }

    [Fact]
    public void A_run_refused_before_any_step_reports_where_each_database_really_is()
    {
        var folder = _folders.Linear("fleet", 5);
        CliRunner.Run(folder, "upgrade", "0005", "-d", "sqlite:at5.db");
        CliRunner.Run(folder, "upgrade", "0002", "-d", "sqlite:at2.db");
        foreach (var db in new[] { "at5.db", "at2.db" })
        {
            // A step left running by a runner that died: every later run refuses before its first step.
            using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, db)};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO psmigrate_journal (revision, operation, status, started_at, rolled_back) VALUES ('0003', 'upgrade', 'running', '2026-01-01 00:00:00', 0)";
            command.ExecuteNonQuery();
        }

        var run = CliRunner.Run(folder, "downgrade", "base", "-d", "sqlite:at5.db", "-d", "sqlite:at2.db", "-d", "postgresql://nobody@127.0.0.1:1/none");

        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines, l => l.StartsWith("FAILED (dirty)") && l.Contains("at5.db") && l.Contains("0005 -> 0005  0 applied"));
        Assert.Single(lines, l => l.StartsWith("FAILED (dirty)") && l.Contains("at2.db") && l.Contains("0002 -> 0002  0 applied"));
        // A server that cannot be reached is not at base: where it stands is unknown.
        Assert.Single(lines, l => l.StartsWith("FAILED") && l.Contains("/none") && l.Contains("? -> ?") && l.Contains("PSMigrate.ConnectionFailed"));
    }

    [Fact]
    public void Shards_split_one_list_between_jobs_with_each_database_run_exactly_once()
    {
        var folder = _folders.Linear("fleet", 3);
        // Seven databases, one of them listed twice: duplicates go before the list is shared out.
        File.WriteAllText(Path.Combine(folder, "tenants.txt"), string.Join("\n", new[] { 1, 2, 3, 2, 4, 5, 6, 7 }.Select(n => $"sqlite:t{n}.db")) + "\n");
        var ran = new List<string>();
        foreach (var share in new[] { "1/3", "2/3", "3/3" })
        {
            var run = CliRunner.Run(folder, "upgrade", "--databases-from", "tenants.txt", "--shard", share, "--json");
            Assert.Equal(0, run.ExitCode);
            using var results = JsonDocument.Parse(run.Stdout);
            ran.AddRange(results.RootElement.EnumerateArray().Select(r => Path.GetFileName(r.GetProperty("database").GetString()!)));
            if (share == "1/3") Assert.Equal(["t1.db", "t4.db", "t7.db"], ran);
        }
        Assert.Equal(["t1.db", "t2.db", "t3.db", "t4.db", "t5.db", "t6.db", "t7.db"], ran.Order(StringComparer.Ordinal));
        Assert.All(Enumerable.Range(1, 7), n => Assert.Equal("0003", Version(Path.Combine(folder, $"t{n}.db"))));

        var bad = CliRunner.Run(folder, "upgrade", "--databases-from", "tenants.txt", "--shard", "4/3");
        Assert.Equal(1, bad.ExitCode);
        Assert.StartsWith("psmigrate: PSMigrate.InvalidCommandLine: --shard takes K/N", bad.Stderr);
    }

    [Fact]
    public void Databases_from_a_file_with_comments_and_json_results_in_list_order()
    {
        var folder = _folders.Linear("fleet", 3);
        var list = Path.Combine(folder, "tenants.txt");
        File.WriteAllText(list, "# tenants\nsqlite:t1.db\n\n   sqlite:t2.db\n# the end\n");

        var run = CliRunner.Run(folder, "upgrade", "--databases-from", "tenants.txt", "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var results = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(["sqlite:" + Path.Combine(folder, "t1.db"), "sqlite:" + Path.Combine(folder, "t2.db")], results.Select(r => r.GetProperty("database").GetString()));
        Assert.All(results, r =>
        {
            Assert.Equal("succeeded", r.GetProperty("status").GetString());
            Assert.Equal("0003", r.GetProperty("to")[0].GetString());
            Assert.Equal(3, r.GetProperty("steps").GetArrayLength());
            Assert.Equal(folder, r.GetProperty("folderPath").GetString());
            Assert.False(r.GetProperty("isDirty").GetBoolean());
        });
        Assert.Contains("2 succeeded, 0 failed, 0 skipped", run.Stderr);
    }

    [Theory]
    [InlineData("sqlite:t1.db\nsqlite:t2.db and more\n", 2, "PSMigrate.InvalidDatabaseList", "is not one database")]
    [InlineData("sqlite:t1.db\n# fine\nnosuch\n", 3, "PSMigrate.UnknownDatabaseName", "neither a database name")]
    [InlineData("sqlite:t1.db\nenv:PSMIGRATE_TEST_UNSET_VARIABLE\n", 2, "PSMigrate.NoDatabase", "is not set")]
    [InlineData("sqlite:t1.db\npostgresql://u:s3cret@h:99999/db\n", 2, "PSMigrate.InvalidDatabaseAddress", "port '99999'")]
    public void A_bad_line_is_an_error_naming_file_and_line_before_any_database_is_touched(string text, int line, string errorId, string why)
    {
        var folder = _folders.Linear("fleet", 3);
        var list = Path.Combine(folder, "tenants.txt");
        File.WriteAllText(list, text);

        var run = CliRunner.Run(folder, "upgrade", "--databases-from", list, "-d", "sqlite:first.db");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"psmigrate: {errorId}: {list}:{line}: ", run.Stderr);
        Assert.Contains(why, run.Stderr);
        Assert.DoesNotContain("s3cret", run.Stderr);
        Assert.Equal("", run.Stdout);
        Assert.False(File.Exists(Path.Combine(folder, "t1.db")));
        Assert.False(File.Exists(Path.Combine(folder, "first.db")));
    }

    [Fact]
    public void Fail_fast_skips_the_databases_not_yet_started()
    {
        var folder = _folders.Linear("fleet", 4);
        Broken(Path.Combine(folder, "bad.db"));

        var run = CliRunner.Run(folder, "upgrade", "-d", "sqlite:bad.db", "-d", "sqlite:x.db", "-d", "sqlite:y.db", "--parallel", "1", "--fail-fast");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(2, run.Stdout.Split('\n').Count(l => l.StartsWith("skipped ") && l.Contains("fail-fast")));
        Assert.Contains("0 succeeded, 1 failed, 2 skipped", run.Stderr);
        Assert.False(File.Exists(Path.Combine(folder, "x.db")));
    }

    [Fact]
    public void Several_folders_each_run_against_their_own_database_and_names_pick_from_psmigrate_json()
    {
        var catalog = _folders.Linear("catalog", 2);
        var monitoring = _folders.Linear("monitoring", 3);
        File.WriteAllText(Path.Combine(catalog, "psmigrate.json"), """{ "database": "sqlite:catalog.db" }""");
        File.WriteAllText(Path.Combine(monitoring, "psmigrate.json"),
            """{ "database": "sqlite:monitoring.db", "databases": { "archive": "sqlite:archive.db" } }""");

        var both = CliRunner.Run(_folders.Root, "upgrade", "-p", "catalog", "-p", "monitoring");
        Assert.Equal(0, both.ExitCode);
        Assert.Equal("0002", Version(Path.Combine(catalog, "catalog.db")));
        Assert.Equal("0003", Version(Path.Combine(monitoring, "monitoring.db")));

        var named = CliRunner.Run(monitoring, "upgrade", "-d", "archive");
        Assert.Equal(0, named.ExitCode);
        Assert.Equal("0003", Version(Path.Combine(monitoring, "archive.db")));

        var status = CliRunner.Run(monitoring, "current", "-d", "archive", "-d", "sqlite:new.db", "--check");
        Assert.Equal(2, status.ExitCode);
        Assert.Matches(@"archive\.db\s+0003\s+0003\s+0\s+no\s+yes", status.Stdout);
        Assert.Matches(@"new\.db\s+base\s+0003\s+3\s+no\s+no", status.Stdout);
        Assert.False(File.Exists(Path.Combine(monitoring, "new.db")));

        var unknown = CliRunner.Run(monitoring, "upgrade", "-d", "archve");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("PSMigrate.UnknownDatabaseName: 'archve' is neither a database name", unknown.Stderr);
        Assert.Contains("names archive", unknown.Stderr);
    }

    [Fact]
    public void Offline_sql_takes_one_database_or_a_dialect_when_the_address_variable_is_unset()
    {
        var folder = _folders.Linear("fleet", 2);
        File.WriteAllText(Path.Combine(folder, "psmigrate.json"), """{ "database": "env:PSMIGRATE_TEST_UNSET_VARIABLE" }""");

        var unset = CliRunner.Run(folder, "upgrade", "--sql");
        Assert.Equal(1, unset.ExitCode);
        Assert.Contains("--sql --dialect NAME", unset.Stderr);

        var script = CliRunner.Run(folder, "upgrade", "--sql", "--dialect", "mysql");
        Assert.Equal(0, script.ExitCode);
        Assert.StartsWith("-- PSMigrate upgrade base -> 0002 (mysql)", script.Stdout);
        Assert.Equal(0, CliRunner.Run(folder, "history").ExitCode);

        var two = CliRunner.Run(folder, "upgrade", "--sql", "-d", "sqlite:a.db", "-d", "sqlite:b.db");
        Assert.Equal(1, two.ExitCode);
        Assert.Contains("PSMigrate.InvalidCommandLine: --sql writes one script for one database", two.Stderr);

        var history = CliRunner.Run(folder, "history", "-d", "sqlite:a.db", "-d", "sqlite:b.db");
        Assert.Equal(1, history.ExitCode);
        Assert.Contains("history takes one --path and at most one --database", history.Stderr);
    }
}
