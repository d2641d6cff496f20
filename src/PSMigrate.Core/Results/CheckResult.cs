namespace PSMigrate;

public enum CheckStatus { Passed, Failed, Warning, Skipped }

/// <summary>
/// One check of <see cref="MigrationProject.Test"/>: which (graph, upgrade, up-down, lint:RULE,
/// schema, downgrade-to-base, snapshot, checksums, drift), for which revision or file, how it
/// ended, and why.
/// </summary>
public sealed record CheckResult(string Check, string? Revision, CheckStatus Status, string Message, TimeSpan Duration, string Dialect)
{
    public bool Failed => Status == CheckStatus.Failed;
}
