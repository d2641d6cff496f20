using PSMigrate.Tests.Support;

namespace PSMigrate.Tests.Execution;

/// <summary>examples/multidialect: one folder whose dialect sections upgrade cleanly on all three databases.</summary>
[Collection(DatabaseCollection.Name)]
public class MultiDialectExampleTests(TestDatabases databases)
{
    public static IEnumerable<object[]> Dialects => TestDatabases.Dialects;

    private static Migrator Open(string db) =>
        MigrationProject.Load(Path.Combine(Repository.Examples, "multidialect")).ForDatabase(db);

    [SkippableTheory, MemberData(nameof(Dialects))]
    public void Upgrades_downgrades_and_upgrades_again(TestDialect dialect)
    {
        var db = databases.Create(dialect);
        var probe = new DbProbe(db);

        Assert.Equal(3, Open(db).Upgrade("heads").ThrowIfFailed().Count);
        Assert.Equal(["003"], probe.Versions());
        Assert.Equal(["aborted deploy|cancelled", "nightly|running"], probe.Strings("SELECT CONCAT(name, '|', status) FROM runs ORDER BY name"));
        Assert.Equal(["running"], probe.Strings("SELECT status FROM run_log"));
        var schema = probe.Schema();

        Open(db).Downgrade("base").ThrowIfFailed();
        Assert.Empty(probe.Schema());
        Assert.Empty(probe.Versions());

        Open(db).Upgrade("heads").ThrowIfFailed();
        Assert.Equal(schema, probe.Schema());
    }
}
