using System.Data.Common;

namespace PSMigrate.Dialects;

/// <summary>
/// The part of a dialect that touches its ADO.NET driver: opening a connection and taking the
/// migration lock. Drivers are touched only here, so a command loads only the driver it uses.
/// </summary>
internal interface IDatabaseDriver
{
    /// <summary>An open connection, or null when a read-only open finds no database at all.</summary>
    DbConnection? Open(DatabaseAddress address, bool readOnly);

    /// <summary>An exclusive migration lock that ends when disposed or when the connection or process dies.</summary>
    IDisposable Lock(DbConnection connection, DatabaseAddress address, string name, TimeSpan timeout, CancellationToken cancel);

    /// <summary>
    /// Stops <paramref name="running"/> on the server, from another thread (Ctrl+C), so a long
    /// statement ends now and its revision is rolled back, instead of finishing and committing.
    /// </summary>
    void Interrupt(DatabaseAddress address, DbConnection connection, DbCommand running);
}

/// <summary>What the three drivers share: opening with a redacted error, and releasing a lock once.</summary>
internal static class Drivers
{
    /// <summary>
    /// Opens a driver's connection; a failure is disposed and becomes a redacted engine error.
    /// <paramref name="shown"/> is the address with every secret the driver was given.
    /// </summary>
    public static DbConnection OpenOrFail(DbConnection connection, DatabaseAddress shown)
    {
        try
        {
            connection.Open();
            return connection;
        }
        catch (Exception e) when (e is DbException or ArgumentException or InvalidOperationException)
        {
            connection.Dispose();
            throw new MigrationException(ErrorIds.ConnectionFailed, shown.Redact($"cannot connect to {shown}: {e.Message}"), e)
                { Kind = ErrorKind.ConnectionError, Subject = shown.ToString() };
        }
    }

    public static object? Scalar(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            command.Parameters.Add(p);
        }
        return command.ExecuteScalar();
    }
}

/// <summary>Releases a lock once; a connection already gone took its lock with it.</summary>
internal sealed class Release(Action release) : IDisposable
{
    private Action? _release = release;

    public void Dispose()
    {
        try { Interlocked.Exchange(ref _release, null)?.Invoke(); }
        catch (DbException) { /* the connection is gone, and the server dropped the lock with it */ }
        catch (InvalidOperationException) { }
    }
}
