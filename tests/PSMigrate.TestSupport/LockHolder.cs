using System.Data.Common;

namespace PSMigrate.Tests.Support;

/// <summary>
/// Another session that holds a lock on a table for a while, as a long application transaction
/// does: it reads the table in an open transaction (which any ALTER TABLE must wait for), sleeps,
/// and commits. Disposing waits for it to let go.
/// </summary>
public sealed class LockHolder : IDisposable
{
    private readonly Task _holding;

    public LockHolder(string address, string table, TimeSpan hold)
    {
        var connection = new DbProbe(address).Open();
        var transaction = connection.BeginTransaction();
        using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = $"SELECT COUNT(*) FROM {table}";
            read.ExecuteScalar();
        }
        _holding = Task.Run(async () =>
        {
            await Task.Delay(hold);
            transaction.Commit();
            transaction.Dispose();
            connection.Dispose();
        });
    }

    public void Dispose() => _holding.Wait();
}
