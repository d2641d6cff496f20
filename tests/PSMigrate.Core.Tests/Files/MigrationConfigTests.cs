using PSMigrate.Dialects;
using PSMigrate.Files;
using PSMigrate.Tests.Support;

namespace PSMigrate.Tests.Files;

public class MigrationConfigTests
{
    [Fact]
    public void The_readme_lists_exactly_the_keys_the_reader_takes()
    {
        var readme = File.ReadAllText(Repository.File("README.md"));
        var table = readme[readme.IndexOf("Every key of `psmigrate.json`", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("\n\n", table.IndexOf("| key |", StringComparison.Ordinal), StringComparison.Ordinal)];
        var documented = System.Text.RegularExpressions.Regex.Matches(table, @"(?m)^\| `(\w+)` \|").Select(m => m.Groups[1].Value);
        Assert.Equal(MigrationConfig.Keys, documented);

        // Each listed key is one the reader knows: a value of the wrong kind is refused for that key, never as unknown.
        foreach (var key in MigrationConfig.Keys)
        {
            var e = Assert.Throws<MigrationException>(() => MigrationConfig.Parse($$"""{ "{{key}}": [[1]] }""", "psmigrate.json", MigrationConfig.Default("/tmp")));
            Assert.DoesNotContain("unknown key", e.Message);
        }
        var unknown = Assert.Throws<MigrationException>(() => MigrationConfig.Parse("""{ "databse": "x" }""", "psmigrate.json", MigrationConfig.Default("/tmp")));
        Assert.Contains($"unknown key 'databse' (expected {string.Join(", ", MigrationConfig.Keys)})", unknown.Message);
    }

    [Fact]
    public void Defaults_apply_without_a_file()
    {
        using var f = new FolderBuilder();
        var c = MigrationConfig.Load(f.Path);
        Assert.Equal(System.IO.Path.Combine(f.Path, "versions"), c.VersionsPath);
        Assert.Equal("psmigrate_version", c.VersionTable);
        Assert.Equal("psmigrate_journal", c.JournalTable);
        Assert.Equal(RevisionIdScheme.Hex, c.RevisionIds);
        Assert.Equal(TransactionMode.PerRevision, c.TransactionMode);
        Assert.Null(c.Database);
    }

    [Fact]
    public void Reads_every_key()
    {
        using var f = new FolderBuilder();
        f.Config("""
            { "versions": "revs", "database": "sqlite:app.db", "versionTable": "v", "journalTable": "j",
              "revisionIds": "sequence:3", "transactionMode": "per-run" }
            """);
        var c = MigrationConfig.Load(f.Path);
        Assert.Equal(System.IO.Path.Combine(f.Path, "revs"), c.VersionsPath);
        Assert.Equal("sqlite:app.db", c.Database);
        Assert.Equal(("v", "j"), (c.VersionTable, c.JournalTable));
        Assert.Equal(new RevisionIdScheme(RevisionIdKind.Sequence, 3), c.RevisionIds);
        Assert.Equal(TransactionMode.PerRun, c.TransactionMode);
    }

    [Theory]
    [InlineData("{ \"colour\": \"blue\" }", "unknown key 'colour'")]
    [InlineData("{ \"revisionIds\": \"uuid\" }", "revisionIds 'uuid'")]
    [InlineData("{ \"transactionMode\": \"never\" }", "transactionMode 'never'")]
    [InlineData("{ \"versionTable\": \"x; DROP TABLE y\" }", "versionTable")]
    [InlineData("{ \"versionTable\": \"a.b.c\" }", "optionally schema.table")]
    [InlineData("{ \"versions\": 3 }", "'versions' must be a string")]
    [InlineData("{\n \"versions\": \"a\",,\n}", "not valid JSON")]
    [InlineData("{ \"commandTimeout\": \"10\" }", "'commandTimeout' must be a whole number of seconds")]
    [InlineData("{ \"commandTimeout\": -1 }", "'commandTimeout' must be a whole number of seconds")]
    [InlineData("{ \"tableLockTimeout\": \"1s\" }", "'tableLockTimeout' must be seconds from 0 to 86400")]
    [InlineData("{ \"tableLockTries\": 0 }", "'tableLockTries' must be a whole number from 1 to 1000")]
    public void Bad_settings_name_the_file(string json, string expected)
    {
        using var f = new FolderBuilder();
        f.Config(json);
        var e = Assert.Throws<MigrationException>(() => MigrationConfig.Load(f.Path));
        Assert.Equal(ErrorIds.InvalidConfig, e.ErrorId);
        Assert.Contains("psmigrate.json", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Database_precedence_is_explicit_then_file_then_environment()
    {
        using var f = new FolderBuilder();
        var cwd = "/somewhere/else";
        var bare = MigrationConfig.Load(f.Path);
        Environment.SetEnvironmentVariable(MigrationConfig.DatabaseVariable, "sqlite:from-env.db");
        try
        {
            Assert.Equal("sqlite:/somewhere/else/from-env.db", bare.ResolveDatabase(null, cwd));
            f.Config("{ \"database\": \"sqlite:data/app.db\" }");
            var withFile = MigrationConfig.Load(f.Path);
            // A relative path in the file is relative to the file's folder, not the shell's location.
            Assert.Equal("sqlite:" + System.IO.Path.Combine(f.Path, "data/app.db"), withFile.ResolveDatabase(null, cwd));
            Assert.Equal("sqlite:/somewhere/else/x.db", withFile.ResolveDatabase("sqlite:x.db", cwd));
            Assert.Equal("postgresql://u@h/db", withFile.ResolveDatabase("postgresql://u@h/db", cwd));
        }
        finally
        {
            Environment.SetEnvironmentVariable(MigrationConfig.DatabaseVariable, null);
        }
    }

    [Fact]
    public void Env_prefix_reads_the_named_variable_and_a_missing_one_is_an_error()
    {
        using var f = new FolderBuilder();
        f.Config("{ \"database\": \"env:PSMIGRATE_TEST_DB\" }");
        var c = MigrationConfig.Load(f.Path);
        var e = Assert.Throws<MigrationException>(() => c.ResolveDatabase(null, "/"));
        Assert.Contains("PSMIGRATE_TEST_DB", e.Message);
        Environment.SetEnvironmentVariable("PSMIGRATE_TEST_DB", "mysql://root@localhost/app");
        try { Assert.Equal("mysql://root@localhost/app", c.ResolveDatabase(null, "/")); }
        finally { Environment.SetEnvironmentVariable("PSMIGRATE_TEST_DB", null); }
    }

    [Theory]
    [InlineData("sqlite:///app.db", "app.db")]
    [InlineData("sqlite:////var/lib/app.db", "/var/lib/app.db")]
    [InlineData("sqlite://", ":memory:")]
    [InlineData("sqlite:app.db", "app.db")]
    public void Sqlite_addresses_as_sqlalchemy_writes_them(string address, string file)
    {
        Assert.Equal(file, DatabaseAddress.Parse(address).FilePath);
        var resolved = MigrationConfig.Default("/srv/migrations").ResolveDatabase(address, "/home/admin");
        Assert.Equal(file == ":memory:" ? address : "sqlite:" + Path.GetFullPath(file, "/home/admin"), resolved);
    }

    [Theory]
    [InlineData("postgresql+psycopg2://u@h/db", "postgresql://u@h/db")]
    [InlineData("postgresql+asyncpg://u@h:5433/db", "postgresql://u@h:5433/db")]
    [InlineData("mysql+pymysql://u@h/db", "mysql://u@h/db")]
    [InlineData("mariadb+mariadbconnector://u@h/db", "mysql://u@h/db")]
    public void Server_addresses_with_a_sqlalchemy_driver_name(string address, string shown) =>
        Assert.Equal(shown, DatabaseAddress.Parse(address).ToString());

    [Theory]
    [InlineData("postgresql://deploy:pw@db1:5432,db2:5433/app?target_session_attrs=read-write", "db1:5432,db2:5433", "postgresql://deploy:***@db1:5432,db2:5433/app?target_session_attrs=read-write")]
    [InlineData("postgresql://deploy@db1,[::1]:5433,db3/app", "db1,[::1]:5433,db3", "postgresql://deploy@db1,[::1]:5433,db3/app")]
    [InlineData("postgresql://deploy@[::1]:5433/app", "::1", "postgresql://deploy@[::1]:5433/app")]
    public void A_postgresql_address_lists_several_hosts_as_libpq_does(string address, string hosts, string shown)
    {
        var parsed = DatabaseAddress.Parse(address);
        Assert.Equal(hosts, parsed.Host);
        Assert.Equal(shown, parsed.ToString());
    }

    [Theory]
    [InlineData("mysql://u@h1,h2/db", "several hosts (h1,h2) are for PostgreSQL addresses")]
    [InlineData("postgresql://u@h1:5432,h2:99999/db", "port '99999'")]
    [InlineData("postgresql://u@h1,/db", "names no host")]
    public void A_bad_host_list_is_named(string address, string expected)
    {
        var e = Assert.Throws<MigrationException>(() => DatabaseAddress.Parse(address));
        Assert.Equal(ErrorIds.InvalidDatabaseAddress, e.ErrorId);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_relative_sqlite_path_is_relative_to_the_folder_only_when_the_file_spells_it_out()
    {
        var config = MigrationConfig.Default("/srv/migrations") with { Database = "sqlite:app.db" };
        Assert.Equal("sqlite:/srv/migrations/app.db", config.ResolveDatabase(null, "/home/admin"));
        Environment.SetEnvironmentVariable("PSMIGRATE_TEST_RELATIVE", "sqlite:data/app.db");
        try
        {
            var fromVariable = config with { Database = "env:PSMIGRATE_TEST_RELATIVE" };
            Assert.Equal("sqlite:/home/admin/data/app.db", fromVariable.ResolveDatabase(null, "/home/admin"));
            Assert.Equal("sqlite:/home/admin/data/app.db", config.ResolveDatabase("env:PSMIGRATE_TEST_RELATIVE", "/home/admin"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("PSMIGRATE_TEST_RELATIVE", null);
        }
    }
}
