using System.Diagnostics;
using System.Security.Cryptography;
using PSMigrate.Tests.Support;

namespace PSMigrate.Tests.Execution;

/// <summary>
/// Bad input of every class gets one clear error: its id, a message naming the culprit, no
/// password anywhere, nothing changed in the database or the folder, and no hang.
/// </summary>
[Collection(DatabaseCollection.Name)]
public class BadInputTests(TestDatabases databases)
{
    public const string Secret = "S3cr/et@pw";

    /// <summary>How many bad-input cases this class holds beside <see cref="BadInputCorpus"/>.</summary>
    public const int CaseCount = 31;

    /// <summary>Two applied-able revisions; the database is upgraded to 001 so there is something to keep intact.</summary>
    private static FolderBuilder Folder() => new FolderBuilder()
        .Add("001", up: "CREATE TABLE t1 (id INT);", down: "DROP TABLE t1;")
        .Add("002", "001", up: "CREATE TABLE t2 (id INT);", down: "DROP TABLE t2;");

    /// <summary>
    /// Runs <paramref name="act"/> and checks everything a bad input must leave as it was. A step
    /// that fails at run time is journaled (that is the journal's job), so for those
    /// <paramref name="journaled"/> sets the journal's rows aside from the comparison.
    /// </summary>
    internal static MigrationException Refused(FolderBuilder f, string? db, string errorId, string culprit, Action act, bool journaled = false)
    {
        var before = (Dump(db, journaled), Hash(f.Path));
        var task = Task.Run(act);
        Assert.True(((IAsyncResult)task).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(30)), "the call hung");
        var e = Assert.IsType<MigrationException>(task.Exception?.InnerException ?? throw new Xunit.Sdk.XunitException("no error was raised"));
        Assert.Equal(errorId, e.ErrorId);
        Assert.Contains(culprit, e.Message);
        Assert.DoesNotContain(Secret, e.ToString());
        Assert.DoesNotContain("\n", e.Message.TrimEnd());
        Assert.Equal(before, (Dump(db, journaled), Hash(f.Path)));
        return e;
    }

    /// <summary>A logical dump of the SQLite database: its whole schema and every row, as sqlite3 writes them.</summary>
    private static string Dump(string? db, bool withoutJournalRows = false)
    {
        if (db is null) return "";
        var file = db["sqlite:".Length..];
        if (!File.Exists(file)) return "(no file)";
        var dump = ProcessRunner.Run("sqlite3", [file, ".dump"]).Split('\n');
        return string.Join("\n", withoutJournalRows
            ? dump.Where(l => !l.StartsWith("INSERT INTO psmigrate_journal", StringComparison.Ordinal) && !l.Contains("sqlite_sequence", StringComparison.Ordinal))
            : dump);
    }

    private static string Hash(string folder) => Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join("\n",
        Directory.GetFileSystemEntries(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(p => p + ":" + (File.Exists(p) && new FileInfo(p).LinkTarget is null && !IsFifo(p) ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(p))) : "-"))))));

    private static bool IsFifo(string path) => Path.GetFileName(path).StartsWith("fifo", StringComparison.Ordinal);

    private string Upgraded(FolderBuilder f)
    {
        var db = databases.Create(TestDialect.Sqlite);
        f.Migrator(db).Upgrade("001").ThrowIfFailed();
        return db;
    }

    [Fact]
    public void A_fifo_named_like_a_revision_is_refused_without_hanging()
    {
        using var f = Folder();
        var db = Upgraded(f);
        ProcessRunner.Run("mkfifo", [Path.Combine(f.Versions, "fifo.sql")]);
        var e = Refused(f, db, ErrorIds.FileError, "fifo.sql", () => f.Migrator(db).Upgrade().ThrowIfFailed());
        Assert.Contains("not a regular file", e.Message);
    }

    [Theory]
    [InlineData("dangling.sql", "nowhere.sql")]
    [InlineData("loop.sql", "loop.sql")]
    public void A_broken_symlink_is_refused_naming_it(string name, string target)
    {
        using var f = Folder();
        var db = Upgraded(f);
        File.CreateSymbolicLink(Path.Combine(f.Versions, name), target);
        Refused(f, db, ErrorIds.FileError, name, () => f.Migrator(db).Upgrade().ThrowIfFailed());
    }

    [Fact]
    public void A_nul_byte_is_refused_with_its_line()
    {
        using var f = Folder();
        var db = Upgraded(f);
        f.Raw("003_rev.sql", "-- Revision: 003\n-- Revises: 002\n-- +upgrade\nINSERT INTO t1 VALUES (1);\0\n");
        Refused(f, db, ErrorIds.InvalidRevisionFile, "003_rev.sql:4", () => f.Migrator(db).Upgrade().ThrowIfFailed());
    }

    [Fact]
    public void Latin1_and_utf16_files_are_named_as_such_and_a_bom_is_accepted()
    {
        using var f = Folder();
        var db = Upgraded(f);
        var latin1 = Path.Combine(f.Versions, "003_latin1.sql");
        File.WriteAllBytes(latin1, System.Text.Encoding.Latin1.GetBytes("-- Revision: 003\n-- Revises: 002\n-- +upgrade\nINSERT INTO t1 VALUES (1); -- café\n"));
        var e = Refused(f, db, ErrorIds.InvalidRevisionFile, "003_latin1.sql:4", () => f.Migrator(db).Upgrade().ThrowIfFailed());
        Assert.Contains("not valid UTF-8", e.Message);

        File.Delete(latin1);
        File.WriteAllText(Path.Combine(f.Versions, "003_utf16.sql"), "-- Revision: 003\n-- Revises: 002\n-- +upgrade\n", System.Text.Encoding.Unicode);
        Assert.Contains("UTF-16", Refused(f, db, ErrorIds.InvalidRevisionFile, "003_utf16.sql", () => f.Migrator(db).Upgrade().ThrowIfFailed()).Message);

        File.Delete(Path.Combine(f.Versions, "003_utf16.sql"));
        File.WriteAllText(Path.Combine(f.Versions, "003_bom.sql"), "-- Revision: 003\n-- Revises: 002\n-- Message: café\n-- +upgrade\n", new System.Text.UTF8Encoding(true));
        Assert.Equal("café", f.Load().Revisions.Single(r => r.Id == "003").Message);
    }

    [Fact]
    public void Dot_files_are_ignored_and_sql_is_matched_in_any_case()
    {
        using var f = Folder();
        f.Raw(".003_swap.sql", "not a revision at all").Raw("._003_rev.sql", "\0\0 a macOS sidecar")
         .Raw("003_UPPER.SQL", "-- Revision: 003\n-- Revises: 002\n-- +upgrade\n");
        Assert.Equal(["001", "002", "003"], f.Load().Revisions.Select(r => r.Id).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("COMMIT;")]
    [InlineData("commit")]
    [InlineData("BEGIN;")]
    [InlineData("ROLLBACK;")]
    [InlineData("END;")]
    [InlineData("START TRANSACTION;")]
    public void Transaction_control_inside_a_revisions_transaction_is_refused_before_anything_runs(string statement)
    {
        using var f = Folder();
        var db = Upgraded(f);
        f.Add("003", "002", up: $"CREATE TABLE t3 (id INT);\n{statement}\nCREATE TABLE t4 (id INT);", down: "");
        var e = Refused(f, db, ErrorIds.TransactionControl, "003_rev.sql:8", () => f.Migrator(db).Upgrade().ThrowIfFailed());
        Assert.Contains("autocommit", e.Message);
    }

    [Fact]
    public void Savepoints_and_transaction_control_in_autocommit_sections_are_allowed()
    {
        using var f = Folder();
        var db = Upgraded(f);
        f.Raw("003_rev.sql", "-- Revision: 003\n-- Revises: 002\n-- +upgrade\nSAVEPOINT s;\nCREATE TABLE t3 (id INT);\nROLLBACK TO s;\nRELEASE s;\n" +
                             "-- +upgrade autocommit\nBEGIN;\nCREATE TABLE t4 (id INT);\nCOMMIT;\n-- +downgrade\n");
        f.Migrator(db).Upgrade().ThrowIfFailed();
        Assert.Equal(["t1.id", "t2.id", "t4.id"], new DbProbe(db).Schema());
    }

    [Fact]
    public void An_environment_variable_that_names_itself_is_an_error_not_a_stack_overflow()
    {
        using var f = Folder();
        Environment.SetEnvironmentVariable("PSMIGRATE_TEST_LOOP_A", "env:PSMIGRATE_TEST_LOOP_B");
        Environment.SetEnvironmentVariable("PSMIGRATE_TEST_LOOP_B", "env:PSMIGRATE_TEST_LOOP_A");
        try
        {
            var e = Refused(f, null, ErrorIds.NoDatabase, "PSMIGRATE_TEST_LOOP_A", () => f.Project().ForDatabase("env:PSMIGRATE_TEST_LOOP_A"));
            Assert.Contains("leads back to itself", e.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PSMIGRATE_TEST_LOOP_A", null);
            Environment.SetEnvironmentVariable("PSMIGRATE_TEST_LOOP_B", null);
        }
    }

    [Theory]
    [InlineData("postgresql://u:" + Secret + "@127.0.0.1:1/db?bogus=1", "option 'bogus'")]
    [InlineData("postgresql://u:" + Secret + "@127.0.0.1:1/db?Timeout=soon", "option 'Timeout'")]
    [InlineData("mysql://u:" + Secret + "@127.0.0.1:1/db?bogus=1", "option 'bogus'")]
    public void A_driver_option_the_driver_refuses_is_a_bad_address(string address, string culprit)
    {
        using var f = Folder();
        Refused(f, null, ErrorIds.InvalidDatabaseAddress, culprit, () => f.Migrator(address).Status());
    }

    [Theory]
    [InlineData("postgresql://u:" + Secret + "@host:99999/db", "port '99999'")]
    [InlineData("postgresql://u:" + Secret + "@host", "names no database")]
    [InlineData("postgres://u:" + Secret + "@/db", "names no host")]
    [InlineData("oracle://u:" + Secret + "@host/db", "expected sqlite:PATH")]
    public void An_address_that_does_not_parse_never_shows_its_password(string address, string culprit)
    {
        using var f = Folder();
        var e = Refused(f, null, ErrorIds.InvalidDatabaseAddress, culprit, () => f.Migrator(address));
        Assert.Contains("u:***@", e.Message);
    }

    [Fact]
    public void A_password_with_slash_and_at_parses_and_stays_hidden()
    {
        using var f = Folder();
        var migrator = f.Project().ForDatabase("postgresql://u:" + Secret + "@127.0.0.1:1/db");
        Assert.Equal("postgresql://u:***@127.0.0.1:1/db", migrator.Database);
        var e = Assert.Throws<MigrationException>(() => migrator.Status());
        Assert.Equal(ErrorIds.ConnectionFailed, e.ErrorId);
        Assert.DoesNotContain(Secret, e.ToString());
    }

    [Theory]
    [InlineData("CREATE TABLE psmigrate_version (version_num VARCHAR(64))", "INSERT INTO psmigrate_version VALUES (NULL)", "psmigrate_version")]
    [InlineData("CREATE TABLE psmigrate_version (id INT)", "INSERT INTO psmigrate_version VALUES (1)", "psmigrate_version")]
    [InlineData("CREATE TABLE psmigrate_journal (id INTEGER PRIMARY KEY, name TEXT, applied TEXT)", "INSERT INTO psmigrate_journal VALUES (1, 'init', 'yes')", "psmigrate_journal")]
    public void A_table_of_another_shape_under_psmigrates_name_is_named_with_how_to_adopt_it(string create, string insert, string table)
    {
        using var f = Folder();
        var db = databases.Create(TestDialect.Sqlite);
        var probe = new DbProbe(db);
        probe.Execute(create);
        probe.Execute(insert);
        var e = Refused(f, db, ErrorIds.InvalidBookkeepingTable, table, () => f.Migrator(db).Upgrade().ThrowIfFailed());
        Assert.Contains("psmigrate.json", e.Message);
        Assert.Equal(ErrorIds.InvalidBookkeepingTable, Assert.Throws<MigrationException>(() => f.Migrator(db).Status()).ErrorId);
    }

    [Fact]
    public void An_unknown_target_against_a_missing_sqlite_file_creates_nothing()
    {
        using var f = Folder();
        var db = databases.Create(TestDialect.Sqlite);
        Refused(f, db, ErrorIds.UnknownRevision, "nosuch", () => f.Migrator(db).Upgrade("nosuch"));
        Assert.False(File.Exists(db["sqlite:".Length..]));
    }

    [Fact]
    public void A_lock_file_that_cannot_be_created_is_named_rather_than_waited_for()
    {
        using var f = Folder();
        var db = Upgraded(f);
        var lockPath = db["sqlite:".Length..] + ".psmigrate-lock";
        File.Delete(lockPath);
        Directory.CreateDirectory(lockPath);
        var clock = Stopwatch.StartNew();
        Refused(f, db, ErrorIds.FileError, "psmigrate-lock", () => f.Migrator(db, TimeSpan.FromSeconds(20)).Upgrade());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public void A_revision_that_cannot_be_written_is_an_error_naming_the_path()
    {
        using var f = new FolderBuilder();
        File.WriteAllText(f.Versions, "a file where the versions folder should be");
        var project = f.Project();
        var file = project.PlanRevision(new NewRevisionRequest("first"), DateTimeOffset.UtcNow);
        Refused(f, null, ErrorIds.FileError, "versions", () => project.WriteRevision(file));
    }

    [Fact]
    public void Sqlite_waits_for_a_busy_database_only_as_long_as_the_lock_timeout()
    {
        using var f = Folder();
        var db = Upgraded(f);
        using var holder = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db["sqlite:".Length..]};Pooling=False");
        holder.Open();
        using (var begin = holder.CreateCommand()) { begin.CommandText = "BEGIN IMMEDIATE"; begin.ExecuteNonQuery(); }
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<MigrationException>(() => f.Migrator(db, TimeSpan.FromSeconds(1)).Upgrade());
        Assert.Equal(ErrorIds.LockTimeout, e.ErrorId);
        Assert.Contains("another process is writing", e.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"waited {clock.Elapsed} with a 1 s lock timeout");
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_read_only_database_or_folder_is_named_and_no_revision_takes_the_blame(bool folder)
    {
        using var f = Folder();
        var db = Upgraded(f);
        var file = db["sqlite:".Length..];
        var target = folder ? Path.GetDirectoryName(file)! : file;
        // Root ignores file modes; the immutable attribute holds even for root (where the file system has it).
        try { ProcessRunner.Run("chattr", ["+i", target]); }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception) { throw new SkipException($"chattr +i is not available here: {e.Message}"); }
        try
        {
            var e = Refused(f, db, ErrorIds.FileError, "cannot be written", () => f.Migrator(db).Upgrade().ThrowIfFailed());
            Assert.Contains(Path.GetFileName(file), e.Message);
            Assert.Null(e.Revision);
        }
        finally
        {
            ProcessRunner.Run("chattr", ["-i", target]);
        }
    }
}
