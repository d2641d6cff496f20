using System.Data.Common;

namespace PSMigrate.Dialects;

/// <summary>
/// The part of a dialect that touches its ADO.NET driver: opening a connection and taking the
/// migration lock. Drivers are touched only here, so a command loads only the driver it uses.
/// </summary>
internal interface IDatabaseDriver
{
    /// <summary>
    /// An open connection, or null when a read-only open finds no database at all. <paramref name="wait"/>
    /// bounds how long a database busy with another writer is waited for (SQLite's busy timeout).
    /// </summary>
    DbConnection? Open(DatabaseAddress address, bool readOnly, TimeSpan wait);

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

    /// <summary>
    /// Passes the address's ?key=value options to the driver's builder. A key the driver does not
    /// know, or a value it cannot take, is a bad address, named as such; a secret value is never shown.
    /// </summary>
    public static void ApplyOptions(DbConnectionStringBuilder builder, DatabaseAddress address)
    {
        foreach (var (key, value) in address.Options)
        {
            try { builder[key] = value; }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException or KeyNotFoundException)
            {
                var why = DatabaseAddress.IsSecret(key) ? "is not accepted by the driver" : $"is not accepted by the driver: {e.Message}";
                throw new MigrationException(ErrorIds.InvalidDatabaseAddress, address.Redact($"database address {address}: option '{key}' {why}"), e)
                    { Kind = ErrorKind.InvalidArgument, Subject = address.ToString() };
            }
        }
    }

    /// <summary>Runs one statement, in <paramref name="transaction"/> when there is one.</summary>
    public static void Execute(DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
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
