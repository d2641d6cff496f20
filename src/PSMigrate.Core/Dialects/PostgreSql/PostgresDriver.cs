using System.Data.Common;
using Npgsql;

namespace PSMigrate.Dialects.PostgreSql;

internal sealed class PostgresDriver : IDatabaseDriver
{
    public DbConnection? Open(DatabaseAddress address, bool readOnly, TimeSpan wait)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = address.Host,
            Database = address.Database,
            Pooling = false,
            ApplicationName = "psmigrate",
            // Migrations are not OLTP: an index build or a backfill may take hours, as in psql.
            CommandTimeout = 0,
            // A revision's statements go in one batch; a failure must say which of them failed.
            IncludeFailedBatchedCommand = true,
        };
        // PSMigrate reads only built-in types, and a fleet connects to many databases once each:
        // loading each database's type catalog would be a query per database for nothing. (The
        // data-source builder that replaces this setting would need a source kept per address.)
#pragma warning disable CS0618
        builder.ServerCompatibilityMode = ServerCompatibilityMode.NoTypeLoading;
#pragma warning restore CS0618
        if (address.Port is { } port) builder.Port = port;
        if (address.User is not null) builder.Username = address.User;
        if (address.Password is not null) builder.Password = address.Password;
        Drivers.ApplyOptions(builder, address, LibpqSpellings);
        return Drivers.OpenOrFail(new NpgsqlConnection(builder.ConnectionString), address);
    }

    /// <summary>
    /// libpq's spellings that are not also Npgsql's, as people copy them from their psql settings:
    /// sslmode's verify modes, and target_session_attrs for an address that lists several hosts.
    /// </summary>
    private static readonly IReadOnlyDictionary<(string Key, string Value), (string Key, string Value)> LibpqSpellings =
        new Dictionary<(string, string), (string, string)>(Drivers.OptionComparer)
        {
            [("sslmode", "verify-ca")] = ("SSL Mode", "VerifyCA"),
            [("sslmode", "verify-full")] = ("SSL Mode", "VerifyFull"),
            [("target_session_attrs", "any")] = ("Target Session Attributes", "any"),
            [("target_session_attrs", "primary")] = ("Target Session Attributes", "primary"),
            [("target_session_attrs", "standby")] = ("Target Session Attributes", "standby"),
            [("target_session_attrs", "prefer-primary")] = ("Target Session Attributes", "prefer-primary"),
            [("target_session_attrs", "prefer-standby")] = ("Target Session Attributes", "prefer-standby"),
            [("target_session_attrs", "read-write")] = ("Target Session Attributes", "read-write"),
            [("target_session_attrs", "read-only")] = ("Target Session Attributes", "read-only"),
        };

    /// <summary>A session-level advisory lock: the server releases it when the connection ends.</summary>
    public IDisposable Lock(DbConnection connection, DatabaseAddress address, string name, TimeSpan timeout, CancellationToken cancel)
    {
        var key = LockKey(name);
        return LockPolling.Acquire(
            () => Drivers.Scalar(connection, $"SELECT pg_try_advisory_lock({key})") is true
                ? new Release(() => Drivers.Scalar(connection, $"SELECT pg_advisory_unlock({key})"))
                : null,
            address, timeout, cancel);
    }

    /// <summary>The driver sends a cancel request on a connection of its own.</summary>
    public void Interrupt(DatabaseAddress address, DbConnection connection, DbCommand running) => running.Cancel();

    public bool IsCommandTimeout(Exception e) => e is NpgsqlException { InnerException: TimeoutException };

    /// <summary>55P03, lock_not_available: what lock_timeout raises.</summary>
    public bool IsLockTimeout(Exception e) => e is PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable };

    public bool PipelinesSteps => true;

    /// <summary>A stable 64-bit key for the lock name, so every runner on one database agrees.</summary>
    private static long LockKey(string name)
    {
        var hash = Sha256.Hash(System.Text.Encoding.UTF8.GetBytes("psmigrate:" + name));
        return BitConverter.ToInt64(hash, 0);
    }
}
