using System.Globalization;

namespace PSMigrate;

/// <summary>
/// One of N stable shares of a list of databases, so that N pipeline jobs (an Azure DevOps matrix,
/// a Kubernetes indexed job) split one fleet between them: share K takes every N-th database of the
/// list, starting at the K-th, after duplicates are dropped. N jobs given the same list run each
/// database exactly once, and a share is the same on every machine.
/// </summary>
internal sealed record Shard(int Number, int Count)
{
    /// <summary>"K/N" with 1 ≤ K ≤ N; anything else is an error naming <paramref name="option"/>.</summary>
    public static Shard Parse(string text, string option)
    {
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && number >= 1 && number <= count)
            return new Shard(number, count);
        throw new MigrationException(ErrorIds.InvalidCommandLine,
            $"{option} takes K/N, this job's share of N (1/3, 2/3, 3/3), not '{MigrationException.Echo(text)}'")
            { Kind = ErrorKind.InvalidArgument };
    }

    /// <summary>This share of <paramref name="databases"/>.</summary>
    public IReadOnlyList<Migrator> Of(IEnumerable<Migrator> databases) =>
        databases.DistinctBy(m => m.Identity).Where((_, i) => i % Count == Number - 1).ToArray();

    public override string ToString() => $"{Number}/{Count}";
}
