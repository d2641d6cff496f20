namespace PSMigrate.Dialects;

/// <summary>
/// How every dialect waits for the migration lock: try without blocking, sleep briefly, try
/// again until the timeout, and give up with one message. Trying without blocking keeps Ctrl+C
/// responsive and the timeout exact whatever the server's own lock wait would be.
/// </summary>
internal static class LockPolling
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(25);

    /// <summary><paramref name="tryOnce"/> returns the held lock, or null when another run holds it.</summary>
    public static IDisposable Acquire(Func<IDisposable?> tryOnce, DatabaseAddress address, TimeSpan timeout, CancellationToken cancel, string? where = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (tryOnce() is { } held) return held;
            if (DateTime.UtcNow >= deadline)
                throw new MigrationException(ErrorIds.LockTimeout,
                    $"another PSMigrate run holds the migration lock on {address}{(where is null ? "" : $" ({where})")}; gave up after {timeout.TotalSeconds:0} s")
                    { Kind = ErrorKind.ResourceUnavailable, Subject = address.ToString() };
            cancel.WaitHandle.WaitOne(Interval);
            cancel.ThrowIfCancellationRequested();
        }
    }
}
