using PSMigrate.Tests.Support;

namespace PSMigrate.Tests.Execution;

/// <summary>
/// SQLite changes a table by rebuilding it (create, copy, drop, rename). With foreign keys
/// enforced, dropping a parent would delete every child row that cascades from it, or fail;
/// PSMigrate runs with them off from before BEGIN and checks references at the end of each revision.
/// </summary>
[Collection(DatabaseCollection.Name)]
public class SqliteIntegrityTests(TestDatabases databases) : IDisposable
{
    private readonly TempFolder _scripts = new();

    public void Dispose() => _scripts.Dispose();

    /// <summary>A parent table with a child that cascades from it, both with rows, then the parent rebuilt with a new column type.</summary>
    private static FolderBuilder ParentAndChild(FolderBuilder f) => f
        .Add("001", up: """
            CREATE TABLE parent (id INTEGER PRIMARY KEY, name VARCHAR(10));
            CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent (id) ON DELETE CASCADE);
            INSERT INTO parent (id, name) VALUES (1, 'one'), (2, 'two');
            INSERT INTO child (id, parent_id) VALUES (10, 1), (11, 1), (20, 2);
            """, down: "DROP TABLE child;\nDROP TABLE parent;")
        .Add("002", "001", up: """
            CREATE TABLE parent_new (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT '');
            INSERT INTO parent_new (id, name) SELECT id, name FROM parent;
            DROP TABLE parent;
            ALTER TABLE parent_new RENAME TO parent;
            """, down: "");

    [Fact]
    public void Rebuilding_a_referenced_table_keeps_every_child_row_online_and_offline()
    {
        using var f = ParentAndChild(new FolderBuilder());
        var online = databases.Create(TestDialect.Sqlite);
        var offline = databases.Create(TestDialect.Sqlite);

        f.Migrator(online).Upgrade().ThrowIfFailed();
        var script = _scripts.File("upgrade.sql");
        File.WriteAllText(script, f.Migrator(offline).RenderUpgrade("heads"));
        databases.RunScript(offline, script);

        foreach (var db in new[] { online, offline })
        {
            var probe = new DbProbe(db);
            Assert.Equal(["10|1", "11|1", "20|2"], probe.Strings("SELECT id || '|' || parent_id FROM child ORDER BY id"));
            Assert.Equal(["TEXT"], probe.Strings("SELECT type FROM pragma_table_info('parent') WHERE name = 'name'"));
            Assert.Equal(0, probe.Scalar("SELECT COUNT(*) FROM pragma_foreign_key_check"));
            Assert.Equal(["002"], probe.Versions());
        }
        Assert.Equal(new DbProbe(online).Schema(), new DbProbe(offline).Schema());
        Assert.StartsWith("-- PSMigrate upgrade base -> 002 (sqlite)\nPRAGMA foreign_keys = OFF;\n", File.ReadAllText(script));
    }

    [Fact]
    public void A_revision_that_leaves_a_reference_dangling_fails_names_the_row_and_is_rolled_back()
    {
        using var f = ParentAndChild(new FolderBuilder());
        f.Add("003", "002", up: "DELETE FROM parent WHERE id = 2;", down: "");
        var db = databases.Create(TestDialect.Sqlite);
        f.Migrator(db).Upgrade("002").ThrowIfFailed();

        var run = f.Migrator(db).Upgrade();

        Assert.Equal(ErrorIds.ForeignKeyViolation, run.Failure?.ErrorId);
        Assert.Equal("003", run.Failure!.Revision);
        Assert.Contains("row 20 of table child refers to a missing row of parent", run.Failure.Message);
        var probe = new DbProbe(db);
        Assert.Equal(["002"], probe.Versions());
        Assert.Equal(2, probe.Scalar("SELECT COUNT(*) FROM parent"));
        Assert.Equal(3, probe.Scalar("SELECT COUNT(*) FROM child"));
        Assert.False(f.Migrator(db).Status().IsDirty);
    }
}
