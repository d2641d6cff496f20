using PSMigrate.Tests.Support;

namespace PSMigrate.Tests.Fleet;

/// <summary>
/// Many databases in one call, at the sizes fleets have: every database ends with exactly one
/// result; those made to fail mid-way end as the dialect's rules leave them, and say so.
/// </summary>
[Collection(DatabaseCollection.Name)]
public class MigrationFleetTests(TestDatabases databases) : IDisposable
{
    private const int Revisions = 20;
    private const int FailsAt = 12;
    private readonly FolderBuilder _folder = Chain(new FolderBuilder());

    public void Dispose() => _folder.Dispose();

    /// <summary>r01..r20, each creating table tNN; r12 creates a spare table first, which MySQL commits at once.</summary>
    private static FolderBuilder Chain(FolderBuilder folder)
    {
        for (var i = 1; i <= Revisions; i++)
        {
            var up = i == FailsAt
                ? $"CREATE TABLE spare{i} (id INTEGER PRIMARY KEY);\nCREATE TABLE t{i} (id INTEGER PRIMARY KEY);"
                : $"CREATE TABLE t{i} (id INTEGER PRIMARY KEY);";
            var down = i == FailsAt ? $"DROP TABLE t{i};\nDROP TABLE spare{i};" : $"DROP TABLE t{i};";
            folder.Add($"r{i:00}", i == 1 ? "" : $"r{i - 1:00}", up, down);
        }
        return folder;
    }

    /// <summary>Creates the databases; every <paramref name="failEvery"/>-th gets table t12 first, so its r12 fails.</summary>
    private (List<string> Good, List<string> Bad) Create(TestDialect dialect, int count, int failEvery)
    {
        var good = new List<string>();
        var bad = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var db = databases.Create(dialect);
            if (i % failEvery == failEvery - 1)
            {
                new DbProbe(db).Execute($"CREATE TABLE t{FailsAt} (id INTEGER PRIMARY KEY)");
                bad.Add(db);
            }
            else good.Add(db);
        }
        return (good, bad);
    }

    public static IEnumerable<object[]> Fleets =>
    [
        [TestDialect.Sqlite, 200, 20, 8],
        [TestDialect.PostgreSql, 50, 10, 8],
        [TestDialect.MySql, 30, 10, 4],
    ];

    [SkippableTheory, MemberData(nameof(Fleets))]
    public void Every_database_ends_with_one_result_and_failures_stay_as_the_dialect_leaves_them(
        TestDialect dialect, int count, int failEvery, int parallel)
    {
        var (good, bad) = Create(dialect, count, failEvery);
        var project = _folder.Project();
        var all = good.Concat(bad).OrderBy(_ => Random.Shared.Next()).ToList();

        var events = new MigrationFleet(parallel).Upgrade(all.Select(db => project.ForDatabase(db))).ToList();

        var finished = events.OfType<DatabaseFinished>().ToList();
        Assert.Equal(count, finished.Count);
        Assert.Equal(Enumerable.Range(0, count), finished.Select(f => f.Index).Order());
        // Each database's events come in order: started, its steps' progress, finished.
        foreach (var group in events.GroupBy(e => e.Index))
        {
            Assert.IsType<DatabaseStarted>(group.First());
            Assert.IsType<DatabaseFinished>(group.Last());
        }

        var byDatabase = finished.ToDictionary(f => f.Database, f => f.Result);
        foreach (var db in good)
        {
            var result = byDatabase[project.ForDatabase(db).Database];
            Assert.Equal(DatabaseOutcome.Succeeded, result.Status);
            Assert.Equal(["r20"], result.To);
            Assert.Equal(Revisions, result.Steps.Count);
            Assert.Equal(["r20"], new DbProbe(db).Versions());
        }
        foreach (var db in bad)
        {
            var result = byDatabase[project.ForDatabase(db).Database];
            Assert.Equal(DatabaseOutcome.Failed, result.Status);
            Assert.Equal(ErrorIds.StatementFailed, result.ErrorId);
            Assert.Contains($"r{FailsAt}", result.ErrorMessage);
            Assert.NotNull(result.From);
            Assert.Empty(result.From);
            Assert.Equal([$"r{FailsAt - 1}"], result.To);
            Assert.Equal([$"r{FailsAt - 1}"], new DbProbe(db).Versions());
            var probe = new DbProbe(db);
            if (dialect == TestDialect.MySql)
            {
                // MySQL committed the spare table before the failing statement: dirty, and the status says so.
                Assert.True(result.IsDirty);
                Assert.True(probe.TableExists($"spare{FailsAt}"));
                Assert.True(project.ForDatabase(db).Status().IsDirty);
            }
            else
            {
                Assert.False(result.IsDirty);
                Assert.False(probe.TableExists($"spare{FailsAt}"));
                Assert.False(project.ForDatabase(db).Status().IsDirty);
            }
        }
    }

    [Fact]
    public void Fail_fast_starts_nothing_after_a_failure_and_skips_the_rest()
    {
        var (good, bad) = Create(TestDialect.Sqlite, 6, 6);
        var project = _folder.Project();
        var list = bad.Concat(good).Select(db => project.ForDatabase(db)).ToList();

        var results = new MigrationFleet(parallelism: 1, failFast: true).Upgrade(list)
            .OfType<DatabaseFinished>().OrderBy(f => f.Index).Select(f => f.Result).ToList();

        Assert.Equal(DatabaseOutcome.Failed, results[0].Status);
        Assert.All(results.Skip(1), r =>
        {
            Assert.Equal(DatabaseOutcome.Skipped, r.Status);
            Assert.Contains("fail-fast", r.ErrorMessage);
            Assert.Empty(r.Steps);
        });
        Assert.All(good, db => Assert.False(File.Exists(db["sqlite:".Length..])));
    }

    [Fact]
    public void The_same_database_twice_runs_once_and_a_refused_one_does_not_stop_the_others()
    {
        var db = databases.Create(TestDialect.Sqlite);
        var project = _folder.Project();
        var relative = "sqlite:" + Path.GetRelativePath(_folder.Path, db["sqlite:".Length..]);
        var list = new[] { project.ForDatabase(db), project.ForDatabase(relative), project.ForDatabase("postgresql://u@127.0.0.1:1/none") };

        var results = new MigrationFleet().Upgrade(list, "heads").OfType<DatabaseFinished>().Select(f => f.Result).ToList();

        Assert.Equal(2, results.Count);
        Assert.Equal(DatabaseOutcome.Succeeded, results.Single(r => r.Database.StartsWith("sqlite:")).Status);
        var refused = results.Single(r => r.Database.StartsWith("postgresql:"));
        Assert.Equal(ErrorIds.ConnectionFailed, refused.ErrorId);
        Assert.NotNull(refused.Failure);
        Assert.Empty(refused.Steps);
    }

    [Fact]
    public void Statuses_are_read_together_and_an_unreadable_one_is_its_own_failure()
    {
        var fresh = databases.Create(TestDialect.Sqlite);
        var project = _folder.Project();
        project.ForDatabase(fresh).Upgrade("r05").ThrowIfFailed();

        var read = new MigrationFleet(2).Status([project.ForDatabase(fresh), project.ForDatabase("postgresql://u@127.0.0.1:1/none")])
            .OfType<DatabaseStatusRead>().OrderBy(r => r.Index).ToList();

        Assert.Equal(["r05"], read[0].Status!.Current);
        Assert.Equal(15, read[0].Status!.Pending.Count);
        Assert.Null(read[1].Status);
        Assert.Equal(ErrorIds.ConnectionFailed, read[1].Failure!.ErrorId);
    }

    [Fact]
    public void Stopping_the_reading_early_lets_the_running_databases_finish_and_starts_no_other()
    {
        var project = _folder.Project();
        var list = Enumerable.Range(0, 8).Select(_ => project.ForDatabase(databases.Create(TestDialect.Sqlite))).ToList();

        // As a terminating error in a cmdlet does: the first finished database ends the reading.
        var first = new MigrationFleet(parallelism: 1).Upgrade(list).OfType<DatabaseFinished>().First();

        Assert.Equal(DatabaseOutcome.Succeeded, first.Result.Status);
        var states = list.Select(m => m.Status()).ToList();
        Assert.All(states, s => Assert.True(s.Current.Count == 0 || s.Current.SequenceEqual(["r20"]), "a database was left half-way"));
        // The first, and the one the worker had taken up meanwhile; no third.
        Assert.InRange(states.Count(s => s.Current.Count == 1), 1, 2);
    }

    [Fact]
    public void A_list_file_names_file_and_line_for_a_bad_entry()
    {
        _folder.Config("""{ "databases": { "catalog": "sqlite:catalog.db" } }""");
        var list = Path.Combine(_folder.Path, "tenants.txt");
        File.WriteAllText(list, "# tenants\n\ncatalog\nsqlite:a.db\n  env:PSMIGRATE_TEST_UNSET_VARIABLE  \n");
        var entries = DatabaseList.Read(list);
        Assert.Equal([3, 4, 5], entries.Select(e => e.Line));
        var project = _folder.Project();
        Assert.Equal("sqlite:" + Path.Combine(_folder.Path, "catalog.db"), project.ForDatabase(entries[0]).Database);
        var unset = Assert.Throws<MigrationException>(() => project.ForDatabase(entries[2]));
        Assert.Equal(ErrorIds.NoDatabase, unset.ErrorId);
        Assert.StartsWith($"{list}:5: ", unset.Message);
        Assert.Equal(5, unset.Line);

        File.WriteAllText(list, "sqlite:a.db\npostgresql://u:s3cret@h/db sqlite:b.db\n");
        var malformed = Assert.Throws<MigrationException>(() => DatabaseList.Read(list));
        Assert.Equal(ErrorIds.InvalidDatabaseList, malformed.ErrorId);
        Assert.StartsWith($"{list}:2: ", malformed.Message);
        Assert.DoesNotContain("s3cret", malformed.Message);

        File.WriteAllText(list, "# nobody\n");
        Assert.Equal(ErrorIds.InvalidDatabaseList, Assert.Throws<MigrationException>(() => DatabaseList.Read(list)).ErrorId);
        File.WriteAllText(list, "nosuch\n");
        var unknown = Assert.Throws<MigrationException>(() => project.ForDatabase(DatabaseList.Read(list)[0]));
        Assert.Equal(ErrorIds.UnknownDatabaseName, unknown.ErrorId);
        Assert.Contains("names catalog", unknown.Message);
    }
}
