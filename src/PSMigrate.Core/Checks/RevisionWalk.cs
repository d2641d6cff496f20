using System.Diagnostics;
using PSMigrate.Dialects;
using PSMigrate.Planning;
using PSMigrate.Schema.Comparison;
using PSMigrate.Files;

namespace PSMigrate.Checks;

/// <summary>
/// The upgrade plan walked one revision at a time on a scratch database: each revision linted as
/// it is about to run, upgraded alone, and when reversible undone and redone with the schema
/// compared before and after. A failed upgrade stops the walk; the revisions after it are skipped.
/// </summary>
internal static class RevisionWalk
{
    /// <summary>Whether every revision upgraded, so the checks that need the heads can run.</summary>
    public static bool Run(ScratchRun scratch, MigrationConfig config, IReadOnlyList<Revision> revisions, CheckLog log)
    {
        var dialect = scratch.Dialect;
        var plan = MigrationPlanner.Upgrade(scratch.Runner.Graph, [], "heads");
        var othersReversible = revisions.Count(r => !r.IsReversible) <= 1 && revisions.Count > 1;
        var lintFound = false;
        var failedAt = -1;
        for (var i = 0; i < plan.Steps.Count && failedAt < 0; i++)
        {
            var step = plan.Steps[i];
            lintFound |= Lint(scratch, config, step.Revision, othersReversible, log);
            if (!RoundTrip(scratch, step, log)) failedAt = i;
        }
        if (!lintFound) log.Add("lint", null, CheckStatus.Passed, $"{LintRules.All.Count} rules, no finding", Stopwatch.StartNew(), dialect);
        if (failedAt < 0) return true;
        foreach (var rest in plan.Steps.Skip(failedAt + 1))
            log.Add("upgrade", rest.Revision.Id, CheckStatus.Skipped, $"not run: revision {plan.Steps[failedAt].Revision.Id} failed before it", Stopwatch.StartNew(), dialect);
        return false;
    }

    /// <summary>Lint findings for one revision, with the columns' types as the database has them just before it runs.</summary>
    private static bool Lint(ScratchRun scratch, MigrationConfig config, Revision revision, bool othersReversible, CheckLog log)
    {
        var dialect = scratch.Dialect;
        using var connection = scratch.Scratch.Open();
        string? ColumnType(string table, string column) =>
            Convert.ToString(Drivers.Scalar(connection, dialect.ColumnTypeQuery, ("@t", table), ("@c", column)), System.Globalization.CultureInfo.InvariantCulture) is { Length: > 0 } type ? type : null;
        var found = false;
        foreach (var finding in LintRules.Check(revision, dialect, revision.Text.Split('\n'), othersReversible, ColumnType))
        {
            var severity = config.LintSeverity(finding.Rule);
            if (severity == LintSeverity.Off) continue;
            found = true;
            log.Add($"lint:{finding.Rule.Id}", revision.Id, severity == LintSeverity.Error ? CheckStatus.Failed : CheckStatus.Warning,
                $"{revision.FilePath}:{finding.Line}: {finding.Rule.Name}: {finding.Message} ({finding.Rule.Reason}; silence with -- psmigrate:ignore {finding.Rule.Id})",
                Stopwatch.StartNew(), dialect);
        }
        return found;
    }

    /// <summary>Upgrade; for a reversible revision, downgrade and upgrade again. False when the walk cannot go on.</summary>
    private static bool RoundTrip(ScratchRun scratch, MigrationStep step, CheckLog log)
    {
        var dialect = scratch.Dialect;
        var r = step.Revision;
        var before = r.IsReversible ? scratch.Picture() : null;
        var clock = Stopwatch.StartNew();
        var up = scratch.Runner.RunStep(step);
        if (!up.Succeeded)
        {
            log.Add("upgrade", r.Id, CheckStatus.Failed, up.Failure!.Message, clock, dialect);
            return false;
        }
        log.Add("upgrade", r.Id, CheckStatus.Passed, $"{r.FilePath}: upgraded alone", clock, dialect);
        if (before is null) return true;

        clock.Restart();
        var down = scratch.Runner.RunStep(step with { Direction = Direction.Downgrade, Before = step.After, After = step.Before });
        var difference = down.Succeeded ? Difference(before, scratch.Picture(), dialect) : null;
        var again = down.Succeeded ? scratch.Runner.RunStep(step) : null;
        if (!down.Succeeded) log.Add("up-down", r.Id, CheckStatus.Failed, $"the downgrade failed: {down.Failure!.Message}", clock, dialect);
        else if (difference is not null) log.Add("up-down", r.Id, CheckStatus.Failed, $"upgrade then downgrade does not give back the schema before it: {difference}", clock, dialect);
        else if (!again!.Succeeded) log.Add("up-down", r.Id, CheckStatus.Failed, $"the upgrade failed on its second run: {again.Failure!.Message}", clock, dialect);
        else log.Add("up-down", r.Id, CheckStatus.Passed, "upgrade, downgrade and upgrade again; the schema came back each time", clock, dialect);
        return down.Succeeded && again!.Succeeded;
    }

    /// <summary>What differs between two pictures, or null: equal texts are equal schemas; different ones are compared as models.</summary>
    private static string? Difference(SchemaPicture before, SchemaPicture after, SqlDialect dialect)
    {
        if (before.Text == after.Text) return null;
        var changes = new SchemaComparer(dialect.Names).Compare(before.Model(), after.Model());
        return changes.Count == 0 ? null : string.Join("; ", changes.Select(c => c.Describe()));
    }
}
