using System.Diagnostics;
using PSMigrate.Dialects;

namespace PSMigrate.Checks;

/// <summary>The results of one test run, in the order the checks ran.</summary>
internal sealed class CheckLog
{
    private readonly List<CheckResult> _results = [];

    public IReadOnlyList<CheckResult> Results => _results;

    public void Add(string check, string? revision, CheckStatus status, string message, Stopwatch clock, SqlDialect? dialect) =>
        _results.Add(new CheckResult(check, revision, status, message, clock.Elapsed, dialect?.Name ?? ""));
}
