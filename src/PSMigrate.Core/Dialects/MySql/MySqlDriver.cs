using System.Data.Common;
using MySql.Data.MySqlClient;

namespace PSMigrate.Dialects.MySql;

/// <summary>MySQL and MariaDB through MySql.Data (the driver served here; MySqlConnector would slot in behind this class).</summary>
internal sealed class MySqlDriver : IDatabaseDriver
{
    static MySqlDriver() => TeachDriverUtf8Mb3();

    public DbConnection? Open(DatabaseAddress address, bool readOnly, TimeSpan wait)
    {
        var builder = new MySqlConnectionStringBuilder
        {
            Server = address.Host,
            Database = address.Database,
            Pooling = false,
            SslMode = MySqlSslMode.None,
            AllowPublicKeyRetrieval = true,
            // MariaDB 10.6+ names its 3-byte UTF-8 'utf8mb3', which MySql.Data 8.0 cannot decode;
            // utf8mb4 is understood by both the driver and every supported server.
            CharacterSet = "utf8mb4",
        };
        if (address.Port is { } port) builder.Port = (uint)port;
        builder.UserID = address.User ?? Environment.GetEnvironmentVariable("USER") ?? "root";
        var password = address.Password ?? Environment.GetEnvironmentVariable("MYSQL_PWD");
        if (password is not null) builder.Password = password;
        Drivers.ApplyOptions(builder, address);
        return Drivers.OpenOrFail(new MySqlConnection(builder.ConnectionString), address with { Password = password });
    }

    /// <summary>GET_LOCK is tied to the connection: the server frees it when the session ends.</summary>
    public IDisposable Lock(DbConnection connection, DatabaseAddress address, string name, TimeSpan timeout, CancellationToken cancel)
    {
        // Lock names are server-wide, so the database's name is part of ours (MySQL caps them at 64).
        var lockName = ("psmigrate." + address.Database + "." + name) is var n && n.Length > 64 ? n[..64] : n;
        return LockPolling.Acquire(() =>
        {
            var got = Drivers.Scalar(connection, "SELECT GET_LOCK(@name, 0)", ("@name", lockName));
            // NULL: the server could not even try (out of memory, or the thread was killed).
            if (got is null or DBNull)
                throw new MigrationException(ErrorIds.ConnectionFailed, $"{address}: GET_LOCK('{lockName}') failed on the server")
                    { Kind = ErrorKind.ConnectionError, Subject = address.ToString() };
            return Convert.ToInt64(got) == 1
                ? new Release(() => Drivers.Scalar(connection, "SELECT RELEASE_LOCK(@name)", ("@name", lockName)))
                : null;
        }, address, timeout, cancel);
    }

    /// <summary>
    /// KILL QUERY for the running connection's server thread, from a connection of its own.
    /// MySqlCommand.Cancel does the same in 8.0.16 but races the running command into a
    /// NullReferenceException inside the driver.
    /// </summary>
    public void Interrupt(DatabaseAddress address, DbConnection connection, DbCommand running)
    {
        using var killer = Open(address, readOnly: false, TimeSpan.FromSeconds(5))!;
        Drivers.Scalar(killer, $"KILL QUERY {((MySqlConnection)connection).ServerThread}");
    }

    /// <summary>
    /// MySql.Data before 8.0.29 does not know the name 'utf8mb3', which MariaDB 10.6+ and MySQL
    /// 8.0.29+ use for system tables and SHOW WARNINGS, so any statement with a warning fails
    /// while the driver reads its own SHOW WARNINGS. Only 8.0.16 can be restored here; this adds
    /// the alias its 8.0.29 fix added. It goes away with a newer driver or MySqlConnector.
    /// </summary>
    private static void TeachDriverUtf8Mb3()
    {
        var map = typeof(MySqlConnection).Assembly.GetType("MySql.Data.MySqlClient.CharSetMap");
        var mappingField = map?.GetField("_mapping", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic);
        var lockField = map?.GetField("LockObject", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic);
        if (mappingField?.GetValue(null) is not System.Collections.IDictionary mapping || lockField?.GetValue(null) is not { } gate) return;
        lock (gate)
        {
            if (mapping.Contains("utf8") && !mapping.Contains("utf8mb3")) mapping["utf8mb3"] = mapping["utf8"];
        }
    }
}
