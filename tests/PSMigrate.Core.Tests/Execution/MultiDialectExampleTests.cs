using PSMigrate.Execution;
using PSMigrate.Scripts;
using PSMigrate.Tests.Support;

namespace PSMigrate.Tests.Execution;

/// <summary>examples/multidialect: one folder whose dialect sections upgrade cleanly on all three databases.</summary>
[Collection(DatabaseCollection.Name)]
public class MultiDialectExampleTests(TestDatabases databases)
{
    public static IEnumerable<object[]> Dialects => TestDatabases.Dialects;

    private static Migrator Open(string db) =>
        Migrator.Open(new MigrationRequest(Path.Combine(TestDatabases.Examples, "multidialect"), Environment.CurrentDirectory, db));

    [SkippableTheory, MemberData(nameof(Dialects))]
    public void Upgrades_downgrades_and_upgrades_again(DialectKind dialect)
    {
        var db = databases.Create(dialect);
        var probe = new DbProbe(db);

        Assert.Equal(3, Open(db).Upgrade("heads").Count);
        Assert.Equal(["003"], probe.Versions());
        Assert.Equal(["aborted deploy|cancelled", "nightly|running"], probe.Strings("SELECT CONCAT(name, '|', status) FROM runs ORDER BY name"));
        Assert.Equal(["running"], probe.Strings("SELECT status FROM run_log"));
        var schema = probe.Schema();

        Open(db).Downgrade("base");
        Assert.Empty(probe.Schema());
        Assert.Empty(probe.Versions());

        Open(db).Upgrade("heads");
        Assert.Equal(schema, probe.Schema());
    }
}
