using System.Diagnostics;
using PSMigrate.Tests.Support;

namespace PSMigrate.Tests.Bench;

/// <summary>The benchmark harness at a tiny size, so it cannot rot; the real figures come from bench/run.py itself.</summary>
[Trait("Category", "Slow")]
public class BenchHarnessTests : IDisposable
{
    private readonly Folders _folders = new();

    public void Dispose() => _folders.Dispose();

    /// <summary>Skips outside CI when the system Python lacks <paramref name="modules"/>; under CI=true a missing one is a failure.</summary>
    private static void Require(string modules, string install)
    {
        var probe = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-c", "import " + modules]) { RedirectStandardError = true });
        probe?.WaitForExit();
        Skip.If(!TestDatabases.InCi && probe?.ExitCode != 0, $"{modules} is not installed ({install}); skipping the harness run");
    }

    /// <summary>Runs a bench script against the psmigrate built beside the tests, and returns the results it wrote.</summary>
    private string Harness(string python, string script, params string[] arguments)
    {
        var results = Path.Combine(_folders.Root, "RESULTS.md");
        var start = new ProcessStartInfo(python, [Repository.File("bench", script), .. arguments, "--out", results, "--psmigrate", $"dotnet {CliRunner.Dll}"])
            { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)));
        Assert.True(process.ExitCode == 0, stderr.Result);
        return File.ReadAllText(results);
    }

    [SkippableFact]
    public void The_harness_runs_every_row_against_alembic_and_writes_results()
    {
        Require("alembic", "apt-get install python3-alembic");
        var text = Harness("python3", "run.py", "--sizes", "5,10", "--runs", "1", "--large-runs", "1", "--fleet", "3,2", "--tables", "20");

        foreach (var row in new[] { "CLI cold start", "upgrade base->head, 5 revisions, per-revision", "one transaction (per-run)",
                     "floor: sqlite3, 5 revisions, commit per revision", "downgrade head->base, 5 revisions", "offline SQL base->head, 10 revisions",
                     "heads, 10 revisions", "history, 10 revisions", "current, 10 revisions",
                     "3 SQLite databases x 20 revisions: one call vs a loop of Alembic calls", "one call vs a loop of psmigrate calls",
                     "2 PostgreSQL databases x 20 revisions: --parallel 8 vs --parallel 1", "## Many databases in one call",
                     "autogenerate, 20 SQLite tables, 2 changed or added", "inspect 20 PostgreSQL tables", "test (all checks), 20 revisions", "## Schemas" })
            Assert.Contains(row, text);
        Assert.Contains("## Targets", text);
        Assert.DoesNotContain("| – | – |", text.Split("## Targets")[0]); // every row measured both sides
    }

    [SkippableFact]
    public void The_live_traffic_harness_measures_both_stalls_side_by_side()
    {
        Require("psycopg2, pymysql", "apt-get install python3-psycopg2 python3-pymysql");
        var text = Harness("/usr/bin/python3", "stall.py", "--runs", "1", "--hold", "3");
        Assert.Contains("## Live traffic: the application's longest stall", text);
        Assert.Contains("| PostgreSQL |", text);
        Assert.Contains("| MariaDB |", text);
        Assert.Contains("| psql |", text);
    }

    [SkippableFact]
    public void The_history_harness_times_online_upgrades_against_each_client()
    {
        var text = Harness("/usr/bin/python3", "history.py", "--revisions", "10", "--runs", "1");
        Assert.Contains("## A real-shaped history: online against the client", text);
        foreach (var client in new[] { "| sqlite3 |", "| psql |", "| mariadb |" }) Assert.Contains(client, text);
    }
}
