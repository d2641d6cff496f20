using PSMigrate.Tests.Support;

namespace PSMigrate.Tests.Connections;

/// <summary>
/// A migration statement runs as long as it needs unless a command timeout is asked for; the
/// drivers' own 30-second default never applies. A timeout that expires is an error of its own.
/// </summary>
[Collection(DatabaseCollection.Name)]
public class CommandTimeoutTests(TestDatabases databases)
{
    public static IEnumerable<object[]> ServerDialects => TestDatabases.ServerDialects;

    /// <summary>
    /// A statement that takes that long. On MySQL, SLEEP is part of a query rather than the whole of
    /// it: a SLEEP alone that is interrupted returns 1 without an error, as MySQL documents.
    /// </summary>
    private static string Sleep(TestDialect dialect, int seconds) =>
        dialect == TestDialect.PostgreSql ? $"SELECT pg_sleep({seconds});" : $"SELECT 1 FROM DUAL WHERE SLEEP({seconds}) = 0;";

    [SkippableTheory, MemberData(nameof(ServerDialects))]
    [Trait("Category", "Slow")]
    public void A_statement_longer_than_the_drivers_30_second_default_runs_to_the_end_with_a_plain_address(TestDialect dialect)
    {
        using var f = new FolderBuilder().Add("001", up: "CREATE TABLE backfill (id INT);\n" + Sleep(dialect, 35), down: "DROP TABLE backfill;");
        var db = databases.Create(dialect);

        var run = f.Migrator(db).Upgrade();

        Assert.True(run.Succeeded, run.Failure?.Message);
        Assert.Equal(["001"], new DbProbe(db).Versions());
    }

    [SkippableTheory, MemberData(nameof(ServerDialects))]
    public void A_command_timeout_stops_a_longer_statement_with_its_own_error_naming_revision_file_and_line(TestDialect dialect)
    {
        using var f = new FolderBuilder().Config("""{ "commandTimeout": 2 }""")
            .Add("001", up: "CREATE TABLE quick (id INT);", down: "DROP TABLE quick;")
            .Add("002", "001", up: "CREATE TABLE slow (id INT);\n" + Sleep(dialect, 5), down: "DROP TABLE slow;");
        var db = databases.Create(dialect);

        var run = f.Migrator(db).Upgrade();

        var failure = Assert.IsType<MigrationException>(run.Failure);
        Assert.Equal(ErrorIds.CommandTimeout, failure.ErrorId);
        Assert.Equal("002", failure.Revision);
        Assert.Contains("002_rev.sql:8", failure.Message);
        Assert.Contains("command timeout of 2 s", failure.Message);
        Assert.DoesNotContain(TestDialect.PostgreSql == dialect ? PostgresServer.Password : MariaDbServer.Password, failure.Message);
        Assert.Equal(["001"], new DbProbe(db).Versions());

        // A timeout given with the call wins over psmigrate.json's; zero means none.
        if (dialect == TestDialect.MySql) f.Migrator(db).Stamp(["002"]);
        else Assert.True(f.Project().ForDatabase(db, commandTimeout: TimeSpan.Zero).Upgrade().Succeeded);
        Assert.Equal(["002"], new DbProbe(db).Versions());
    }
}
