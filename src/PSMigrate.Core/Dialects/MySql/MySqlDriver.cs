using System.Data.Common;
using MySqlConnector;

namespace PSMigrate.Dialects.MySql;

/// <summary>MySQL and MariaDB through MySqlConnector.</summary>
internal sealed class MySqlDriver : IDatabaseDriver
{
    public DbConnection? Open(DatabaseAddress address, bool readOnly, TimeSpan wait)
    {
        var builder = new MySqlConnectionStringBuilder
        {
            Server = address.Host,
            Database = address.Database,
            // One connection per run, closed at its end: a pooled one would outlive the lock it held.
            Pooling = false,
            // TLS as the driver intends: used whenever the server offers it (the driver's default,
            // named here so nobody turns it off by accident); ?SslMode=Required insists on it.
            SslMode = MySqlSslMode.Preferred,
            // Migrations are not OLTP: an index build or a backfill may take hours, as in the mysql client.
            DefaultCommandTimeout = 0,
            // Hand-written migrations use SET @n := ...; without this the driver takes @n for a parameter.
            AllowUserVariables = true,
            // Rows matched, not rows changed: a version-row UPDATE that sets the same value still counts as one.
            UseAffectedRows = false,
            // PSMigrate sets each command's transaction itself; the driver need not check it.
            IgnoreCommandTransaction = true,
        };
        if (address.Port is { } port) builder.Port = (uint)port;
        builder.UserID = address.User ?? Environment.GetEnvironmentVariable("USER") ?? "root";
        var password = address.Password ?? Environment.GetEnvironmentVariable("MYSQL_PWD");
        if (password is not null) builder.Password = password;
        Drivers.ApplyOptions(builder, address, ClientSpellings);
        return Drivers.OpenOrFail(new MySqlConnection(builder.ConnectionString), address with { Password = password });
    }

    /// <summary>The mysql client's spellings of TLS options, as people copy them from their client's settings.</summary>
    private static readonly IReadOnlyDictionary<(string Key, string Value), (string Key, string Value)> ClientSpellings =
        new Dictionary<(string, string), (string, string)>(Drivers.OptionComparer)
        {
            [("ssl-mode", "DISABLED")] = ("SslMode", "None"),
            [("ssl-mode", "PREFERRED")] = ("SslMode", "Preferred"),
            [("ssl-mode", "REQUIRED")] = ("SslMode", "Required"),
            [("ssl-mode", "VERIFY_CA")] = ("SslMode", "VerifyCA"),
            [("ssl-mode", "VERIFY_IDENTITY")] = ("SslMode", "VerifyFull"),
        };

    /// <summary>
    /// GET_LOCK, tied to the connection: the server frees it when the session ends. On a Galera
    /// cluster GET_LOCK holds on one node only, so the lock is a lease that holds across the cluster.
    /// </summary>
    public IDisposable Lock(DbConnection connection, DatabaseAddress address, string name, TimeSpan timeout, CancellationToken cancel)
    {
        if (GaleraNodes(connection) > 0) return GaleraLease.Acquire(this, address, name, timeout, cancel);
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

    /// <summary>How many nodes the server's Galera cluster has; 0 when it is no cluster (or a MySQL without wsrep).</summary>
    public static int GaleraNodes(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SHOW GLOBAL STATUS LIKE 'wsrep_cluster_size'";
        using var reader = command.ExecuteReader();
        return reader.Read() && int.TryParse(reader.GetString(1), out var nodes) ? nodes : 0;
    }

    /// <summary>The driver sends KILL QUERY on a connection of its own.</summary>
    public void Interrupt(DatabaseAddress address, DbConnection connection, DbCommand running) => running.Cancel();

    public bool IsCommandTimeout(Exception e) => e is MySqlException { ErrorCode: MySqlErrorCode.CommandTimeoutExpired };

    /// <summary>1205: what lock_wait_timeout (metadata locks) and innodb_lock_wait_timeout (rows) raise.</summary>
    public bool IsLockTimeout(Exception e) => e is MySqlException { ErrorCode: MySqlErrorCode.LockWaitTimeout };

    /// <summary>MySqlConnector's batch commands report no rows of their own; its statements commit one by one anyway.</summary>
    public bool PipelinesSteps => false;
}
