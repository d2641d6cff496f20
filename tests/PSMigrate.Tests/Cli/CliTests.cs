using System.Diagnostics;
using System.Text.Json;
using PSMigrate.Tests.Support;
using Microsoft.Data.Sqlite;

namespace PSMigrate.Tests.Cli;

/// <summary>The psmigrate process end to end, on real SQLite files.</summary>
public class CliTests : IDisposable
{
    private readonly Folders _folders = new();

    public void Dispose() => _folders.Dispose();

    private static string[] Column(string dbPath, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={dbPath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read()) rows.Add(Convert.ToString(reader.GetValue(0))!);
        return rows.ToArray();
    }

    [Fact]
    public void Upgrades_the_blog_example_from_its_own_settings_and_reports_a_table()
    {
        var blog = _folders.CopyExample("blog");

        var run = CliRunner.Run(blog, "upgrade");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Revision", lines[0]);
        Assert.Equal(6, lines.Length); // header, rule, four revisions
        Assert.All(lines.Skip(2), l => Assert.Contains(" applied ", l));
        var db = Path.Combine(blog, "blog.db");
        Assert.Equal(["e5b8d0c2a944"], Column(db, "SELECT version_num FROM psmigrate_version"));
        Assert.Equal(["1"], Column(db, "SELECT comment_count + 1 FROM posts"));

        var again = CliRunner.Run(blog, "upgrade");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("Nothing to do", again.Stdout);
    }

    [Fact]
    public void Json_output_is_machine_readable()
    {
        var blog = _folders.CopyExample("blog");
        CliRunner.Run(blog, "upgrade", "8d24");

        using var status = JsonDocument.Parse(CliRunner.Run(blog, "current", "--json").Stdout);
        Assert.Equal("8d24be7741c2", status.RootElement.GetProperty("current")[0].GetString());
        Assert.Equal(2, status.RootElement.GetProperty("pending").GetArrayLength());
        Assert.False(status.RootElement.GetProperty("isUpToDate").GetBoolean());

        using var history = JsonDocument.Parse(CliRunner.Run(blog, "history", "--json").Stdout);
        var entries = history.RootElement.EnumerateArray().ToArray();
        Assert.Equal("e5b8d0c2a944", entries[0].GetProperty("revision").GetString());
        Assert.True(entries[2].GetProperty("isCurrent").GetBoolean());
        Assert.Equal("base", entries[3].GetProperty("place").GetString());

        using var steps = JsonDocument.Parse(CliRunner.Run(blog, "downgrade", "base", "--json").Stdout);
        Assert.Equal(["8d24be7741c2", "3f1c2a9e0b01"], steps.RootElement.EnumerateArray().Select(s => s.GetProperty("revision").GetString()));
        Assert.All(steps.RootElement.EnumerateArray(), s => Assert.Equal("downgrade", s.GetProperty("direction").GetString()));
    }

    [Fact]
    public void A_malformed_revision_file_fails_with_file_line_and_error_id_on_stderr_and_changes_nothing()
    {
        var blog = _folders.CopyExample("blog");
        File.WriteAllText(Path.Combine(blog, "versions", "zz_bad.sql"), "-- Revision: zz\n-- Revises: e5b8d0c2a944\n-- Colour: red\n");

        var run = CliRunner.Run(blog, "upgrade");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Contains("PSMigrate.InvalidRevisionFile", run.Stderr);
        Assert.Contains("zz_bad.sql:3: unknown header key 'Colour'", run.Stderr);
        Assert.False(File.Exists(Path.Combine(blog, "blog.db")));
    }

    [Fact]
    public void Errors_exit_non_zero_and_name_the_cause()
    {
        var branches = _folders.CopyExample("branches");
        var multiple = CliRunner.Run(branches, "upgrade", "zzz");
        Assert.Equal(1, multiple.ExitCode);
        Assert.Contains("PSMigrate.UnknownRevision", multiple.Stderr);

        var usage = CliRunner.Run(branches, "downgrade");
        Assert.NotEqual(0, usage.ExitCode);
    }

    [Fact]
    public void A_password_in_the_address_never_reaches_the_output()
    {
        var blog = _folders.CopyExample("blog");
        // Nothing listens on port 1: the connection fails, and the error must not show the password.
        var run = CliRunner.Run(blog, "current", "-d", "postgresql://admin:Hunter2-secret@127.0.0.1:1/app");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("PSMigrate.ConnectionFailed", run.Stderr);
        Assert.Contains("admin:***@127.0.0.1:1", run.Stderr);
        Assert.DoesNotContain("Hunter2-secret", run.Stderr + run.Stdout);
    }

    [Fact]
    public void Revision_writes_files_in_the_folders_id_scheme_and_merges_heads()
    {
        var sequence = _folders.CopyExample("sequence");
        var created = CliRunner.Run(sequence, "revision", "-m", "add priority");
        Assert.Equal(0, created.ExitCode);
        Assert.True(File.Exists(Path.Combine(sequence, "versions", "004_add_priority.sql")));
        Assert.Contains("-- Revises: 003", File.ReadAllText(Path.Combine(sequence, "versions", "004_add_priority.sql")));

        var branched = CliRunner.Run(sequence, "revision", "-m", "side", "--revises", "002", "--branch-label", "side");
        Assert.Equal(0, branched.ExitCode);
        var refused = CliRunner.Run(sequence, "revision", "-m", "ambiguous");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("PSMigrate.MultipleHeads", refused.Stderr);
        var check = CliRunner.Run(sequence, "check");
        Assert.Equal(1, check.ExitCode);
        Assert.Contains("PSMigrate.MultipleHeads", check.Stdout);

        Assert.Equal(0, CliRunner.Run(sequence, "revision", "-m", "merge", "--merge").ExitCode);
        Assert.Contains("-- Revises: 004, 005", File.ReadAllText(Path.Combine(sequence, "versions", "006_merge.sql")));
        Assert.Equal(0, CliRunner.Run(sequence, "check").ExitCode);
    }

    [Fact]
    public void Offline_sql_runs_in_sqlite3_to_the_same_version_table_and_schema()
    {
        var blog = _folders.CopyExample("blog");
        var script = CliRunner.Run(blog, "upgrade", "--sql", "-d", "sqlite:offline.db");
        Assert.Equal(0, script.ExitCode);
        Assert.Contains("BEGIN;", script.Stdout);
        var scriptFile = Path.Combine(blog, "upgrade.sql");
        File.WriteAllText(scriptFile, script.Stdout);

        var sqlite3 = Process.Start(new ProcessStartInfo("sqlite3", ["-bail", Path.Combine(blog, "offline.db"), ".read " + scriptFile]) { RedirectStandardError = true })!;
        sqlite3.WaitForExit();
        Assert.Equal(0, sqlite3.ExitCode);
        CliRunner.Run(blog, "upgrade");

        const string schema = "SELECT type || ' ' || name FROM sqlite_master WHERE name NOT LIKE 'psmigrate%' AND name NOT LIKE 'sqlite%' ORDER BY 1";
        Assert.Equal(Column(Path.Combine(blog, "blog.db"), schema), Column(Path.Combine(blog, "offline.db"), schema));
        Assert.Equal(["e5b8d0c2a944"], Column(Path.Combine(blog, "offline.db"), "SELECT version_num FROM psmigrate_version"));
        Assert.False(File.Exists(Path.Combine(blog, "offline.db.psmigrate-lock"))); // rendering never connected
    }

    [Fact]
    public void Two_processes_upgrading_one_file_apply_each_revision_once()
    {
        var folder = _folders.Linear("race", 40);
        var starts = Enumerable.Range(0, 2).Select(_ => CliRunner.StartInfo(folder, "upgrade", "-d", "sqlite:race.db", "--json")).ToArray();
        var processes = starts.Select(s => Process.Start(s)!).ToArray();
        var outputs = processes.Select(p => p.StandardOutput.ReadToEndAsync()).ToArray();
        foreach (var p in processes) Assert.True(p.WaitForExit(TimeSpan.FromMinutes(2)));

        Assert.All(processes, p => Assert.Equal(0, p.ExitCode));
        var applied = outputs.Sum(o => JsonDocument.Parse(o.Result).RootElement.GetArrayLength());
        Assert.Equal(40, applied);
        var journal = Column(Path.Combine(folder, "race.db"), "SELECT revision FROM psmigrate_journal");
        Assert.Equal(40, journal.Length);
        Assert.Equal(40, journal.Distinct().Count());
    }

    [Fact]
    public void A_killed_runner_leaves_no_lock_and_no_part_of_its_revision()
    {
        var folder = _folders.Linear("killed", 3, slow: 2);
        var db = Path.Combine(folder, "k.db");
        var victim = Process.Start(CliRunner.StartInfo(folder, "upgrade", "-d", "sqlite:k.db"))!;
        // Wait until revision 0001 is committed: the runner is now inside the slow revision 0002.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !(File.Exists(db) && TryVersion(db) == "0001")) Thread.Sleep(50);
        Assert.Equal("0001", TryVersion(db));
        victim.Kill(entireProcessTree: true);
        victim.WaitForExit();

        // Nothing of the killed revision remains: the database stops at the slow step's predecessor, clean.
        var status = CliRunner.Run(folder, "current", "-d", "sqlite:k.db", "--json");
        Assert.Equal(0, status.ExitCode);
        using var json = JsonDocument.Parse(status.Stdout);
        Assert.Equal("0001", json.RootElement.GetProperty("current")[0].GetString());
        Assert.False(json.RootElement.GetProperty("isDirty").GetBoolean());

        // Were the dead runner's lock stale, this would time out after 5 s; instead it takes the lock at once.
        var clock = Stopwatch.StartNew();
        var stamp = CliRunner.Run(folder, "stamp", "0003", "-d", "sqlite:k.db", "--lock-timeout", "5");
        Assert.Equal(0, stamp.ExitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"stamp took {clock.Elapsed}");
        Assert.Equal(["0001|upgrade|applied", "0003|stamp|applied"],
            Column(db, "SELECT revision || '|' || operation || '|' || status FROM psmigrate_journal ORDER BY id"));
    }

    [Fact]
    public void Unreadable_revision_files_and_bad_addresses_are_one_line_errors_with_an_id_and_no_password()
    {
        var blog = _folders.CopyExample("blog");
        File.CreateSymbolicLink(Path.Combine(blog, "versions", "zz_dangling.sql"), "nowhere.sql");
        var run = CliRunner.Run(blog, "heads");
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("psmigrate: PSMigrate.FileError: ", run.Stderr);
        Assert.Contains("zz_dangling.sql: cannot be read: Could not find file", run.Stderr); // .NET's message, not a resource key
        Assert.Single(run.Stderr.Trim().Split('\n'));

        File.Delete(Path.Combine(blog, "versions", "zz_dangling.sql"));
        var address = CliRunner.Run(blog, "current", "-d", "postgresql://deploy:Pa55/w@rd@db:99999/app");
        Assert.Equal(1, address.ExitCode);
        Assert.Contains("PSMigrate.InvalidDatabaseAddress", address.Stderr);
        Assert.Contains("deploy:***@db:99999/app", address.Stderr);
        Assert.DoesNotContain("Pa55", address.Stderr + address.Stdout);
    }

    [Fact]
    public void Adopt_takes_a_flyway_database_over_and_convert_writes_revision_files()
    {
        var folder = Path.Combine(_folders.Root, "flyway");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "V1__first.sql"), "CREATE TABLE first (id INTEGER);");
        File.WriteAllText(Path.Combine(folder, "V2__second.sql"), "CREATE TABLE second (id INTEGER);");
        var db = Path.Combine(_folders.Root, "flyway.db");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE flyway_schema_history (installed_rank INT PRIMARY KEY, version VARCHAR(50), type VARCHAR(20), success BOOLEAN);" +
                                  "INSERT INTO flyway_schema_history VALUES (1, '1', 'SQL', 1); CREATE TABLE first (id INTEGER);";
            command.ExecuteNonQuery();
        }

        var adopt = CliRunner.Run(folder, "adopt", "--from", "flyway", "-d", "sqlite:" + db, "--json");
        Assert.True(adopt.ExitCode == 0, adopt.Stderr);
        Assert.Contains("\"current\": [\n    \"1\"\n  ]", adopt.Stdout);
        Assert.Equal(0, CliRunner.Run(folder, "upgrade", "-d", "sqlite:" + db).ExitCode);
        Assert.Contains("\"current\": [\n    \"2\"\n  ]", CliRunner.Run(folder, "current", "-d", "sqlite:" + db, "--json").Stdout);

        var convert = CliRunner.Run(folder, "convert", "--to", "converted");
        Assert.Equal(0, convert.ExitCode);
        Assert.True(File.Exists(Path.Combine(folder, "converted", "versions", "2.sql")));
        var bad = CliRunner.Run(folder, "adopt", "--from", "flyway; DROP", "-d", "sqlite:" + db);
        Assert.Equal(1, bad.ExitCode);
        Assert.StartsWith("psmigrate: PSMigrate.InvalidCommandLine: --from takes flyway, golang-migrate", bad.Stderr);
    }

    [Fact]
    public void Delta_moves_n_revisions_either_way_and_a_target_with_it_is_refused()
    {
        var blog = _folders.CopyExample("blog");
        var up = CliRunner.Run(blog, "upgrade", "--delta", "2", "-d", "sqlite:delta.db", "--json");
        Assert.Equal(0, up.ExitCode);
        Assert.Equal(2, System.Text.Json.JsonDocument.Parse(up.Stdout).RootElement.GetArrayLength());
        var down = CliRunner.Run(blog, "downgrade", "--delta", "1", "-d", "sqlite:delta.db", "--json");
        Assert.Equal(0, down.ExitCode);
        Assert.Equal(1, System.Text.Json.JsonDocument.Parse(down.Stdout).RootElement.GetArrayLength());

        var both = CliRunner.Run(blog, "upgrade", "head", "--delta", "1", "-d", "sqlite:delta.db");
        Assert.Equal(1, both.ExitCode);
        Assert.Contains("give a target ('head') or --delta, not both", both.Stderr);
        var neither = CliRunner.Run(blog, "downgrade", "-d", "sqlite:delta.db");
        Assert.Equal(1, neither.ExitCode);
        Assert.Contains("give a target (base, <id>, -N, <label>@base) or --delta N", neither.Stderr);
    }

    [Fact]
    public void An_optional_data_branch_is_left_out_of_heads_check_and_new_revisions_until_named()
    {
        var folder = Path.Combine(_folders.Root, "optional");
        var versions = Directory.CreateDirectory(Path.Combine(folder, "versions")).FullName;
        File.WriteAllText(Path.Combine(folder, "psmigrate.json"), """{ "optionalBranches": ["data"] }""");
        void Revision(string id, string header, string up) =>
            File.WriteAllText(Path.Combine(versions, id + ".sql"), $"-- Revision: {id}\n{header}\n\n-- +upgrade\n{up}\n");
        Revision("s1", "-- Revises:", "CREATE TABLE runs (id INTEGER PRIMARY KEY, status TEXT);");
        Revision("s2", "-- Revises: s1", "ALTER TABLE runs ADD COLUMN finished TEXT;");
        // A data migration on a branch of its own, which needs the schema of s2.
        Revision("d1", "-- Revises:\n-- Branch-Labels: data\n-- Depends-On: s2", "UPDATE runs SET status = 'done' WHERE finished IS NOT NULL;");
        Revision("d2", "-- Revises: d1", "DELETE FROM runs WHERE status IS NULL;");

        Assert.Equal(0, CliRunner.Run(folder, "check").ExitCode);
        var up = CliRunner.Run(folder, "upgrade", "-d", "sqlite:app.db", "--json");
        Assert.Equal(["s1", "s2"], JsonDocument.Parse(up.Stdout).RootElement.EnumerateArray().Select(s => s.GetProperty("revision").GetString()));
        var current = CliRunner.Run(folder, "current", "--check", "-d", "sqlite:app.db");
        Assert.Equal(0, current.ExitCode);
        Assert.Contains("Optional branch data (head d2): 2 pending (d1, d2); psmigrate upgrade data@head runs them", current.Stdout);
        Assert.Matches(@"(?m)^d2\s+d1\s+head,optional:data\s", CliRunner.Run(folder, "history", "-d", "sqlite:app.db").Stdout);

        var next = CliRunner.Run(folder, "revision", "-m", "next", "--rev-id", "s3", "--json");
        Assert.Equal(0, next.ExitCode);
        Assert.Equal("s2", JsonDocument.Parse(next.Stdout).RootElement[0].GetProperty("revises")[0].GetString());

        // Named, the branch runs, after what it depends on.
        var fresh = CliRunner.Run(folder, "upgrade", "data@head", "-d", "sqlite:fresh.db", "--json");
        Assert.Equal(0, fresh.ExitCode);
        Assert.Equal(["s1", "s2", "d1", "d2"], JsonDocument.Parse(fresh.Stdout).RootElement.EnumerateArray().Select(s => s.GetProperty("revision").GetString()));
        Assert.Contains("Optional branch data (head d2): applied", CliRunner.Run(folder, "current", "-d", "sqlite:fresh.db").Stdout);
        Assert.Equal(2, CliRunner.Run(folder, "current", "--check", "-d", "sqlite:fresh.db").ExitCode); // s3 is pending there
    }

    [Fact]
    public void A_folder_without_versions_is_an_error_naming_it_and_an_empty_one_writes_nothing()
    {
        var missing = Path.Combine(_folders.Root, "mistyped");
        Directory.CreateDirectory(missing);
        var up = CliRunner.Run(_folders.Root, "upgrade", "-p", "mistyped", "-d", "sqlite:app.db");
        Assert.Equal(1, up.ExitCode);
        Assert.Contains($"psmigrate: PSMigrate.FolderNotFound: {Path.Combine(missing, "versions")} does not exist", up.Stderr);
        Assert.False(File.Exists(Path.Combine(_folders.Root, "app.db")));
        var check = CliRunner.Run(_folders.Root, "check", "-p", "mistyped");
        Assert.Equal(1, check.ExitCode);
        Assert.Matches(@"error\s+PSMigrate.FolderNotFound", check.Stdout);
        Assert.Equal(1, CliRunner.Run(_folders.Root, "history", "-p", "mistyped").ExitCode);

        var empty = Path.Combine(_folders.Root, "empty");
        Directory.CreateDirectory(Path.Combine(empty, "versions"));
        var nothing = CliRunner.Run(empty, "upgrade", "-d", "sqlite:app.db");
        Assert.Equal(0, nothing.ExitCode);
        Assert.False(File.Exists(Path.Combine(empty, "app.db")));
        var warned = CliRunner.Run(empty, "check");
        Assert.Equal(1, warned.ExitCode);
        Assert.Matches(@"warning\s+PSMigrate.NoRevisions\s+.*holds no revision files yet", warned.Stdout);

        // The first revision is how a folder gets its versions/.
        Assert.Equal(0, CliRunner.Run(missing, "revision", "-m", "first").ExitCode);
        Assert.Single(Directory.GetFiles(Path.Combine(missing, "versions")));
    }

    [Fact]
    public void Log_shows_the_journal_newest_first_and_history_and_current_show_a_failure_not_made_good()
    {
        var folder = _folders.Linear("failing", 3);
        File.WriteAllText(Path.Combine(folder, "versions", "0003.sql"),
            "-- Revision: 0003\n-- Revises: 0002\n\n-- +upgrade\nINSERT INTO no_such_table VALUES (1);\n");
        CliRunner.Run(folder, "upgrade", "-d", "sqlite:app.db");

        var log = CliRunner.Run(folder, "log", "-d", "sqlite:app.db");
        Assert.Equal(0, log.ExitCode);
        var rows = log.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToArray();
        Assert.Equal(3, rows.Length);
        Assert.Matches(@"^3\s+0003\s+upgrade\s+failed \(rolled back\)\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+\d+ ms\s+\S+@\S+\s+upgrade of revision 0003 failed at .*0003.sql:5: .*no such table: no_such_table", rows[0]);
        Assert.Matches(@"^1\s+0001\s+upgrade\s+applied\s", rows[2]);
        using (var last = JsonDocument.Parse(CliRunner.Run(folder, "log", "-d", "sqlite:app.db", "--last", "1", "--json").Stdout))
        {
            var only = Assert.Single(last.RootElement.EnumerateArray());
            Assert.Equal("failed", only.GetProperty("status").GetString());
            Assert.Contains("no_such_table", only.GetProperty("error").GetString());
            Assert.EndsWith("Z", only.GetProperty("startedAt").GetString());
        }

        var history = CliRunner.Run(folder, "history", "-d", "sqlite:app.db").Stdout;
        Assert.Matches(@"(?m)^0003\s+0002\s+head\s+failed\s", history);
        Assert.Contains("Last upgrade of 0003 failed: upgrade of revision 0003 failed at", history);
        var current = CliRunner.Run(folder, "current", "-d", "sqlite:app.db").Stdout;
        Assert.Matches(@"Last upgrade of 0003 failed at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(rolled back\): .*no_such_table", current);

        var empty = CliRunner.Run(folder, "log", "-d", "sqlite:fresh.db");
        Assert.Equal(0, empty.ExitCode);
        Assert.Contains("The journal is empty", empty.Stdout);
        Assert.False(File.Exists(Path.Combine(folder, "fresh.db")));
    }

    [Fact]
    public void Offline_sql_with_no_database_names_dialect_and_a_huge_driver_message_is_cut()
    {
        var blog = _folders.CopyExample("blog");
        File.WriteAllText(Path.Combine(blog, "psmigrate.json"), "{}");
        var offline = CliRunner.Run(blog, "upgrade", "heads", "--sql");
        Assert.Equal(1, offline.ExitCode);
        Assert.Contains("PSMigrate.NoDatabase", offline.Stderr);
        Assert.Contains("--dialect", offline.Stderr);

        var folder = _folders.Linear("huge", 1);
        File.WriteAllText(Directory.GetFiles(Path.Combine(folder, "versions"))[0],
            "-- Revision: 0001\n\n-- +upgrade\nSELECT * FROM " + new string('x', 200_000) + ";\n");
        var run = CliRunner.Run(folder, "upgrade", "-d", "sqlite:huge.db");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("characters in all)", run.Stderr);
        Assert.True(run.Stderr.Length < 5000, $"{run.Stderr.Length} characters");
    }

    [Theory]
    [InlineData("current --lock-timeout soon", "--lock-timeout takes a whole number of seconds from 0 to 86400, not 'soon'")]
    [InlineData("upgrade --command-timeout ten", "--command-timeout takes a whole number of seconds from 0 to 2147483647, not 'ten'")]
    [InlineData("upgrade --table-lock-tries 0", "--table-lock-tries takes a whole number from 1 to 1000, not '0'")]
    [InlineData("upgrade --parallel 300", "--parallel takes a whole number from 1 to 256, not '300'")]
    [InlineData("upgrade --delta 0", "--delta takes a whole number of revisions from 1 to 2147483647, not '0'")]
    [InlineData("current --no-such-option", "--no-such-option")]
    [InlineData("stamp", "Required argument missing for command: 'stamp'")]
    public void A_command_line_that_does_not_parse_is_one_line_with_its_id_and_no_help_dump(string arguments, string culprit)
    {
        var blog = _folders.CopyExample("blog");
        var run = CliRunner.Run(blog, arguments.Split(' '));
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.StartsWith("psmigrate: PSMigrate.InvalidCommandLine: ", run.Stderr);
        Assert.Contains(culprit, run.Stderr);
        Assert.DoesNotContain("System.Nullable", run.Stderr);
        Assert.Single(run.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void Current_check_exits_2_while_revisions_are_pending_and_0_when_up_to_date()
    {
        var blog = _folders.CopyExample("blog");
        Assert.Equal(2, CliRunner.Run(blog, "current", "--check").ExitCode);
        Assert.Equal(0, CliRunner.Run(blog, "current").ExitCode);
        CliRunner.Run(blog, "upgrade");
        var upToDate = CliRunner.Run(blog, "current", "--check");
        Assert.Equal(0, upToDate.ExitCode);
        Assert.Contains("e5b8d0c2a944", upToDate.Stdout);
    }

    [Fact]
    public void An_unset_variable_in_psmigrate_json_does_not_break_commands_that_need_no_database()
    {
        var blog = _folders.CopyExample("blog");
        File.WriteAllText(Path.Combine(blog, "psmigrate.json"), "{ \"database\": \"env:PSMIGRATE_TEST_NEVER_SET\" }");
        Assert.Equal(0, CliRunner.Run(blog, "heads").ExitCode);
        var history = CliRunner.Run(blog, "history");
        Assert.Equal(0, history.ExitCode);
        Assert.Contains("e5b8d0c2a944", history.Stdout);
        Assert.Equal(0, CliRunner.Run(blog, "revision", "-m", "next").ExitCode);
        var current = CliRunner.Run(blog, "current");
        Assert.Equal(1, current.ExitCode);
        Assert.Contains("PSMigrate.NoDatabase", current.Stderr);
        Assert.Contains("PSMIGRATE_TEST_NEVER_SET", current.Stderr);
    }

    [Fact]
    public void Hints_in_cli_errors_name_cli_options()
    {
        var blog = _folders.CopyExample("blog");
        CliRunner.Run(blog, "revision", "-m", "side", "--revises", "8d24be7741c2");
        var refused = CliRunner.Run(blog, "revision", "-m", "next");
        Assert.Contains("--merge", refused.Stderr);
        Assert.Contains("--revises", refused.Stderr);
        Assert.Contains("psmigrate revision --merge", CliRunner.Run(blog, "check").Stdout);
    }

    [Fact]
    public void Check_with_a_database_fails_on_revisions_edited_since_they_ran_and_on_unknown_applied_ones()
    {
        var blog = _folders.CopyExample("blog");
        CliRunner.Run(blog, "upgrade");
        Assert.Equal(0, CliRunner.Run(blog, "check", "-d", "sqlite:blog.db").ExitCode);

        File.AppendAllText(Path.Combine(blog, "versions", "8d24be7741c2_create_posts.sql"), "\n-- edited after it ran\n");
        var edited = CliRunner.Run(blog, "check", "-d", "sqlite:blog.db", "--json");
        Assert.Equal(1, edited.ExitCode);
        Assert.Contains("PSMigrate.ModifiedRevision", edited.Stdout);
        Assert.Contains("8d24be7741c2", edited.Stdout);
        Assert.Equal(0, CliRunner.Run(blog, "check").ExitCode); // the graph alone is fine

        Column(Path.Combine(blog, "blog.db"), "UPDATE psmigrate_version SET version_num = 'gone' RETURNING version_num");
        var unknown = CliRunner.Run(blog, "check", "-d", "sqlite:blog.db", "--json");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("PSMigrate.UnknownAppliedRevision", unknown.Stdout);
    }

    private static string? TryVersion(string db)
    {
        try { return Column(db, "SELECT version_num FROM psmigrate_version").SingleOrDefault(); }
        catch (SqliteException) { return null; }
    }
}
