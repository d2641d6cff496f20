using System.Text.RegularExpressions;

namespace PSMigrate.Execution;

/// <summary>
/// How long a revision's statement waits for a table lock, and how often a revision whose wait ran
/// out is rolled back and tried again after a pause (GitLab's with_lock_retries). An ALTER TABLE
/// queued behind a long transaction makes every later query of the application queue behind it;
/// a short wait bounds that stall to one wait at a time. A zero timeout waits as the server does.
/// </summary>
internal sealed partial record TableLockWait(TimeSpan Timeout, int Tries)
{
    public static readonly TableLockWait Default = new(TimeSpan.FromSeconds(1), 10);

    public bool Enabled => Timeout > TimeSpan.Zero;

    /// <summary>The pause before try <paramref name="attempt"/> (2 and on): half a second, doubling, at most ten.</summary>
    public static TimeSpan PauseBefore(int attempt) => TimeSpan.FromMilliseconds(Math.Min(10_000, 500 * Math.Pow(2, attempt - 2)));

    /// <summary>The table a statement waits for, as it names it; "a table" when it names none this can read.</summary>
    public static string TableOf(string statement) =>
        LockedTable().Match(statement) is { Success: true } m ? m.Groups["table"].Value.Trim('"', '`') : "a table";

    [GeneratedRegex(@"\b(?:(?:ALTER|LOCK|TRUNCATE|DROP)\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?|\bON\s+(?:ONLY\s+)?|(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+)(?<table>[\w""`.]+)", RegexOptions.IgnoreCase)]
    private static partial Regex LockedTable();
}
