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

    /// <summary>Whether a failed statement ran out of its command timeout (rather than failing on its own).</summary>
    bool IsCommandTimeout(Exception e);

    /// <summary>Whether a failed statement gave up waiting for a lock another transaction holds (the server's lock wait ran out).</summary>
    bool IsLockTimeout(Exception e);

    /// <summary>
    /// Whether a revision's statements may go to the server in one batch with its bookkeeping: the
    /// driver's batches report each command's rows, and name the command that failed so the error
    /// can name its line.
    /// </summary>
    bool PipelinesSteps { get; }
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

    /// <summary>Compares option keys and values as drivers do: without case.</summary>
    public static readonly IEqualityComparer<(string, string)> OptionComparer = new CaseInsensitivePair();

    /// <summary>
    /// Passes the address's ?key=value options to the driver's builder, after the driver's own
    /// translation of the client spellings people copy from psql or mysql (<paramref name="spellings"/>).
    /// A key the driver does not know, or a value it cannot take, is a bad address, named as such;
    /// a secret value is never shown.
    /// </summary>
    public static void ApplyOptions(DbConnectionStringBuilder builder, DatabaseAddress address,
        IReadOnlyDictionary<(string Key, string Value), (string Key, string Value)>? spellings = null)
    {
        foreach (var (given, givenValue) in address.Options)
        {
            var (key, value) = spellings is not null && spellings.TryGetValue((given, givenValue), out var spelled) ? spelled : (given, givenValue);
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

    /// <summary>Every row of a query, each as its columns' values (DBNull as null).</summary>
    public static List<object?[]> Rows(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
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

internal sealed class CaseInsensitivePair : IEqualityComparer<(string, string)>
{
    public bool Equals((string, string) x, (string, string) y) =>
        string.Equals(x.Item1, y.Item1, StringComparison.OrdinalIgnoreCase) && string.Equals(x.Item2, y.Item2, StringComparison.OrdinalIgnoreCase);

    public int GetHashCode((string, string) pair) =>
        HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(pair.Item1), StringComparer.OrdinalIgnoreCase.GetHashCode(pair.Item2));
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
