using PSMigrate.Tests.Support;

namespace PSMigrate.Tests.Connections;

/// <summary>
/// MySQL scripts as people write them run with a plain address: user variables are variables, not
/// parameters; stored programs need no markers; DELIMITER lines work as in the mysql client.
/// </summary>
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

    [SkippableFact]
    public void A_stored_procedure_without_markers_and_a_DELIMITER_script_run_on_MariaDB_and_render_offline()
    {
        using var f = new FolderBuilder()
            .Add("001",
                up: "CREATE TABLE film (id INT PRIMARY KEY, title VARCHAR(50), updated INT DEFAULT 0);\n" +
                    "CREATE PROCEDURE add_film(IN t VARCHAR(50))\nBEGIN\n  DECLARE next_id INT;\n  SELECT COALESCE(MAX(id), 0) + 1 INTO next_id FROM film;\n" +
                    "  INSERT INTO film (id, title) VALUES (next_id, t);\nEND;\nCALL add_film('Academy Dinosaur');",
                down: "DROP PROCEDURE add_film;\nDROP TABLE film;")
            // As mysqldump writes a trigger.
            .Add("002", "001",
                up: "DELIMITER ;;\nCREATE TRIGGER film_touch BEFORE UPDATE ON film FOR EACH ROW BEGIN\n  SET NEW.updated = OLD.updated + 1;\nEND ;;\nDELIMITER ;\n" +
                    "UPDATE film SET title = 'Ace Goldfinger' WHERE id = 1;",
                down: "DROP TRIGGER film_touch;");
        var db = databases.Create(TestDialect.MySql);

        var run = f.Migrator(db).Upgrade();

        Assert.True(run.Succeeded, run.Failure?.Message);
        Assert.Equal(["1|Ace Goldfinger|1"], new DbProbe(db).Rows("film", "id, title, updated", "id"));
        Assert.True(f.Migrator(db).Downgrade("base").Succeeded);

        var fresh = databases.Create(TestDialect.MySql);
        var script = Path.Combine(f.Path, "up.sql");
        File.WriteAllText(script, f.Migrator(fresh).RenderUpgrade("heads"));
        databases.RunScript(fresh, script);
        Assert.Equal(["1|Ace Goldfinger|1"], new DbProbe(fresh).Rows("film", "id, title, updated", "id"));
    }
}
