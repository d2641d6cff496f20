using PSMigrate.Tests.Support;

namespace PSMigrate.Tests.Connections;

/// <summary>MySQL scripts as people write them run with a plain address: user variables are variables, not parameters.</summary>
[Collection(DatabaseCollection.Name)]
public class MySqlSessionTests(TestDatabases databases)
{
    [SkippableFact]
    public void User_variables_work_with_a_plain_address()
    {
        using var f = new FolderBuilder().Add("001",
            up: "CREATE TABLE counters (name VARCHAR(20), n INT);\nSET @n := 41;\nINSERT INTO counters VALUES ('answer', @n + 1);\n" +
                "SELECT @m := MAX(n) FROM counters;\nINSERT INTO counters VALUES ('copy', @m);",
            down: "DROP TABLE counters;");
        var db = databases.Create(TestDialect.MySql);

        Assert.True(f.Migrator(db).Upgrade().Succeeded);

        Assert.Equal(["answer|42", "copy|42"], new DbProbe(db).Rows("counters", "name, n", "name"));
    }
}
