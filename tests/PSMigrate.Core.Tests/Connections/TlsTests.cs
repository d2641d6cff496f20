using PSMigrate.Tests.Support;

namespace PSMigrate.Tests.Connections;

/// <summary>Servers of their own that speak TLS, each with a user the server refuses over a plain connection.</summary>
public sealed class TlsServers : IDisposable
{
    private readonly Lazy<PostgresServer?> _postgres = new(() => PostgresServer.FindBinaries() is { } bin ? new PostgresServer(bin, tls: true) : null);
    private readonly Lazy<MariaDbServer?> _mariadb = new(() => MariaDbServer.FindServer() is { } server ? new MariaDbServer(server, tls: true) : null);

    /// <summary>A new database for the TLS-only user; its address says nothing about TLS.</summary>
    public string Create(TestDialect dialect) => dialect == TestDialect.PostgreSql
        ? TestDatabases.Require(_postgres.Value, "PostgreSQL (apt-get install postgresql)").CreateTlsOnlyDatabase()
        : TestDatabases.Require(_mariadb.Value, "MariaDB (apt-get install mariadb-server)").CreateTlsOnlyDatabase();

    public void Dispose()
    {
        if (_postgres.IsValueCreated) _postgres.Value?.Dispose();
        if (_mariadb.IsValueCreated) _mariadb.Value?.Dispose();
    }
}

/// <summary>
/// TLS as the drivers intend it: negotiated whenever the server offers it, so a user the server
/// only lets in over TLS connects with a plain address; a mode the server refuses fails cleanly.
/// </summary>
public class TlsTests(TlsServers servers) : IClassFixture<TlsServers>
{
    public static IEnumerable<object[]> ServerDialects => TestDatabases.ServerDialects;

    private static FolderBuilder Folder() => new FolderBuilder().Add("001", up: "CREATE TABLE secrets (id INT);", down: "DROP TABLE secrets;");

    private static string Password(TestDialect dialect) => dialect == TestDialect.PostgreSql ? PostgresServer.Password : MariaDbServer.Password;

    [SkippableTheory, MemberData(nameof(ServerDialects))]
    public void A_user_that_may_only_connect_over_TLS_migrates_with_a_plain_address(TestDialect dialect)
    {
        using var f = Folder();
        var db = servers.Create(dialect);

        Assert.True(f.Migrator(db).Upgrade().Succeeded);

        Assert.Equal(["001"], f.Migrator(db).Status().Current);
    }

    [SkippableTheory]
    [InlineData(TestDialect.PostgreSql, "sslmode=disable")]
    [InlineData(TestDialect.MySql, "ssl-mode=DISABLED")]
    [InlineData(TestDialect.MySql, "SslMode=None")]
    public void Turning_TLS_off_against_such_a_user_fails_cleanly_and_changes_nothing(TestDialect dialect, string option)
    {
        using var f = Folder();
        var db = servers.Create(dialect);

        var e = Assert.Throws<MigrationException>(() => f.Migrator(db + "?" + option).Upgrade());

        Assert.Equal(ErrorIds.ConnectionFailed, e.ErrorId);
        Assert.DoesNotContain(Password(dialect), e.Message);
        Assert.DoesNotContain("\n   at ", e.Message);
        Assert.Empty(f.Migrator(db).Status().Current);
        Assert.False(new DbProbe(db).TableExists("psmigrate_version"));
    }

    [SkippableTheory]
    [InlineData(TestDialect.PostgreSql, "sslmode=verify-full")]
    [InlineData(TestDialect.MySql, "ssl-mode=VERIFY_IDENTITY")]
    public void A_mode_that_verifies_the_certificate_refuses_one_no_authority_signed(TestDialect dialect, string option)
    {
        using var f = Folder();
        var db = servers.Create(dialect);

        // The client's spelling is understood (not a bad address); the self-signed certificate is not trusted.
        var e = Assert.Throws<MigrationException>(() => f.Migrator(db + "?" + option).Upgrade());

        Assert.Equal(ErrorIds.ConnectionFailed, e.ErrorId);
        Assert.DoesNotContain(Password(dialect), e.Message);
    }
}
