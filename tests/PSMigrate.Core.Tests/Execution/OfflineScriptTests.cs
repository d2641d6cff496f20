using PSMigrate.Tests.Support;

namespace PSMigrate.Tests.Execution;

/// <summary>
/// Offline SQL run through each database's own client (sqlite3, psql -v ON_ERROR_STOP=1,
/// mariadb) must leave the same schema, data and version table as an online run.
/// </summary>
[Collection(DatabaseCollection.Name)]
public class OfflineScriptTests(TestDatabases databases) : IDisposable
{
    private readonly TempFolder _scripts = new();

    public static IEnumerable<object[]> Dialects => TestDatabases.Dialects;

    public void Dispose() => _scripts.Dispose();

    private static Migrator Open(string db, string example = "multidialect") =>
        MigrationProject.Load(Path.Combine(Repository.Examples, example)).ForDatabase(db);

    private string Run(string db, string script)
    {
        var path = _scripts.File(Guid.NewGuid().ToString("N") + ".sql");
        File.WriteAllText(path, script);
        databases.RunScript(db, path);
        return path;
    }

    private static string[] Data(DbProbe probe) =>
        probe.Strings("SELECT CONCAT(name, '|', status) FROM runs ORDER BY name").Concat(probe.Strings("SELECT status FROM run_log")).ToArray();

    [SkippableTheory, MemberData(nameof(Dialects))]
    public void An_upgrade_script_matches_an_online_upgrade(TestDialect dialect)
    {
        var online = databases.Create(dialect);
        var offline = databases.Create(dialect);
        Open(online).Upgrade("heads").ThrowIfFailed();

        var script = Open(offline).RenderUpgrade("heads");
        Run(offline, script);

        var (a, b) = (new DbProbe(online), new DbProbe(offline));
        Assert.Equal(a.Schema(), b.Schema());
        Assert.Equal(a.Versions(), b.Versions());
        Assert.Equal(Data(a), Data(b));
        Assert.Equal(dialect != TestDialect.MySql, script.Contains("BEGIN;"));
        // The enum value is added outside any transaction, as online, and no transaction is left empty.
        if (dialect == TestDialect.PostgreSql)
            Assert.Contains("a 'cancelled' status\nALTER TYPE run_status ADD VALUE IF NOT EXISTS 'cancelled';\nBEGIN;", script);
        Assert.DoesNotContain("BEGIN;\nCOMMIT;", script);
    }

    [SkippableTheory, MemberData(nameof(Dialects))]
    public void A_range_script_continues_from_a_database_already_at_its_start(TestDialect dialect)
    {
        var online = databases.Create(dialect);
        var offline = databases.Create(dialect);
        Open(online).Upgrade("heads").ThrowIfFailed();
        Open(offline).Upgrade("001").ThrowIfFailed();

        var script = Open(offline).RenderUpgrade("001:head");
        Assert.DoesNotContain("Running upgrade base -> 001", script);
        Run(offline, script);

        Assert.Equal(new DbProbe(online).Schema(), new DbProbe(offline).Schema());
        Assert.Equal(["003"], new DbProbe(offline).Versions());
    }

    [SkippableTheory, MemberData(nameof(Dialects))]
    public void Downgrade_and_stamp_scripts(TestDialect dialect)
    {
        var db = databases.Create(dialect);
        Open(db).Upgrade("heads").ThrowIfFailed();
        var probe = new DbProbe(db);

        Run(db, Open(db).RenderDowngrade("head:001"));
        Assert.Equal(["001"], probe.Versions());
        Assert.Equal(["runs.id", "runs.name", "runs.status"], probe.Schema());

        Run(db, Open(db).RenderStamp(["003"]));
        Assert.Equal(["003"], probe.Versions());

        var e = Assert.Throws<MigrationException>(() => Open(db).RenderDowngrade("base"));
        Assert.Equal(ErrorIds.InvalidTarget, e.ErrorId);
    }

    [Fact]
    public void Branches_and_merges_render_the_same_version_table()
    {
        var online = databases.Create(TestDialect.Sqlite);
        var offline = databases.Create(TestDialect.Sqlite);
        Open(online, "branches").Upgrade("heads").ThrowIfFailed();
        var script = Open(offline, "branches").RenderUpgrade("heads");
        Assert.Contains("DELETE FROM \"psmigrate_version\" WHERE version_num = 'b10000000002';", script);
        Run(offline, script);
        Assert.Equal(new DbProbe(online).Versions(), new DbProbe(offline).Versions());
        Assert.Equal(new DbProbe(online).Schema(), new DbProbe(offline).Schema());
    }
}
