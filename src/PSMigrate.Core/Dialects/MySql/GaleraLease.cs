using System.Data.Common;
using MySqlConnector;

namespace PSMigrate.Dialects.MySql;

/// <summary>
/// The migration lock on a MariaDB Galera cluster, where GET_LOCK holds on one node only (node 2
/// grants it while node 1 holds it). Taking it is itself a replicated, certified write: a lease row
/// in a table of its own, inserted (or taken over once expired) and committed, so two nodes cannot
/// both win it. The holder renews the lease on a connection of its own while it runs; a killed
/// holder's lease runs out, and the next runner takes it over, finds that runner's journal row
/// still <c>running</c>, and refuses the dirty database rather than run the revision again.
/// </summary>
internal sealed class GaleraLease : IDisposable
{
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(15);
    public const string Table = "psmigrate_lock";

    private readonly DbConnection _connection;
    private readonly string _table;
    private readonly string _name;
    private readonly string _owner;
    private readonly Timer _renewal;
    private readonly object _gate = new();
    private bool _released;

    private GaleraLease(DbConnection connection, string table, string name, string owner)
    {
        _connection = connection;
        _table = table;
        _name = name;
        _owner = owner;
        _renewal = new Timer(_ => Renew(), null, Lease / 3, Lease / 3);
    }

    /// <summary>Takes the lease for <paramref name="name"/>, waiting up to <paramref name="timeout"/> for a holder to let go or expire.</summary>
    public static IDisposable Acquire(MySqlDriver driver, DatabaseAddress address, string name, TimeSpan timeout, CancellationToken cancel)
    {
        var connection = driver.Open(address, readOnly: false, timeout)!;
        try
        {
            var table = $"`{address.Database!.Replace("`", "``")}`.`{Table}`";
            var owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
            if (owner.Length > 128) owner = owner[^128..];
            // Reads after this session's own writes see the cluster's latest: another node's lease is not missed.
            Drivers.Execute(connection, "SET SESSION wsrep_sync_wait = 1");
            Drivers.Execute(connection, $"CREATE TABLE IF NOT EXISTS {table} (name VARCHAR(64) NOT NULL PRIMARY KEY, owner VARCHAR(128) NOT NULL, " +
                                        "expires_at DATETIME(6) NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
            return LockPolling.Acquire(() => TryTake(connection, table, name, owner) ? new GaleraLease(connection, table, name, owner) : null,
                address, timeout, cancel, $"a Galera cluster: lease {name} in {Table}");
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>One try: insert the lease, or take it over when it has run out; then see whose it is.</summary>
    private static bool TryTake(DbConnection connection, string table, string name, string owner)
    {
        try
        {
            Drivers.Scalar(connection,
                $"INSERT INTO {table} (name, owner, expires_at) VALUES (@name, @owner, NOW(6) + INTERVAL @seconds SECOND) " +
                "ON DUPLICATE KEY UPDATE owner = IF(expires_at < NOW(6), VALUES(owner), owner), expires_at = IF(owner = VALUES(owner), VALUES(expires_at), expires_at)",
                ("@name", name), ("@owner", owner), ("@seconds", (int)Lease.TotalSeconds));
        }
        catch (MySqlException e) when (e.ErrorCode is MySqlErrorCode.LockDeadlock or MySqlErrorCode.LockWaitTimeout)
        {
            return false; // another node's write won certification first
        }
        return Drivers.Scalar(connection, $"SELECT owner FROM {table} WHERE name = @name", ("@name", name)) as string == owner;
    }

    private void Renew()
    {
        lock (_gate)
        {
            if (_released) return;
            try
            {
                Drivers.Scalar(_connection, $"UPDATE {_table} SET expires_at = NOW(6) + INTERVAL @seconds SECOND WHERE name = @name AND owner = @owner",
                    ("@seconds", (int)Lease.TotalSeconds), ("@name", _name), ("@owner", _owner));
            }
            catch (Exception e) when (e is DbException or InvalidOperationException) { /* the next renewal tries again; a lost lease shows as a dirty journal */ }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_released) return;
            _released = true;
        }
        _renewal.Dispose();
        try { Drivers.Scalar(_connection, $"DELETE FROM {_table} WHERE name = @name AND owner = @owner", ("@name", _name), ("@owner", _owner)); }
        catch (Exception e) when (e is DbException or InvalidOperationException) { /* the lease runs out by itself */ }
        _connection.Dispose();
    }
}
