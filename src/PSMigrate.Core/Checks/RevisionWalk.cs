using System.Diagnostics;
using PSMigrate.Dialects;
using PSMigrate.Files;
using PSMigrate.Planning;
using PSMigrate.Schema.Comparison;

namespace PSMigrate.Checks;

/// <summary>
/// The upgrade plan walked one revision at a time on a scratch database, to the end: each revision
/// linted as it is about to run, upgraded alone, and when reversible undone and redone with the
/// schema compared before and after. Every revision is checked from the state a fresh upgrade
/// would give it: after a round trip that failed or left something behind, the scratch database is
/// built again up to that revision; after an upgrade that failed, up to the revision before it and
/// stamped past it, so the revisions after it are still checked (and named as following it).
/// </summary>
internal static class RevisionWalk
{
    /// <summary>Whether every revision upgraded, so the checks that need the heads can run.</summary>
    public static bool Run(ScratchRun scratch, MigrationConfig config, IReadOnlyList<Revision> revisions, CheckLog log)
    {
        var dialect = scratch.Dialect;
        // Every revision is checked, those of optional branches too: they run somewhere, only later.
        var plan = MigrationPlanner.UpgradeTo(scratch.Runner.Graph, [], scratch.Runner.Graph.AllHeads);
        var othersReversible = revisions.Count(r => !r.IsReversible) <= 1 && revisions.Count > 1;
        var lintFound = false;
        var failedUpgrades = new List<MigrationStep>();
        // The tables the two revisions before this one copied elsewhere: a rebuild may span revisions.
        var copied = new Queue<IReadOnlySet<string>>();
        for (var i = 0; i < plan.Steps.Count; i++)
        {
            var step = plan.Steps[i];
            lintFound |= Lint(scratch, config, step.Revision, othersReversible, copied.SelectMany(t => t).ToHashSet(StringComparer.OrdinalIgnoreCase), log);
            copied.Enqueue(LintRules.CopiedTables(step.Revision, dialect));
            if (copied.Count > 2) copied.Dequeue();
            var outcome = RoundTrip(scratch, step, failedUpgrades, log);
            if (outcome == Outcome.UpgradeFailed) failedUpgrades.Add(step);
            if (outcome != Outcome.Passed) Rebuild(scratch, plan.Steps.Take(i + 1), failedUpgrades);
        }
        if (!lintFound) log.Add("lint", null, CheckStatus.Passed, $"{LintRules.All.Count} rules, no finding", Stopwatch.StartNew(), dialect);
        return failedUpgrades.Count == 0;
    }

    private enum Outcome { Passed, UpgradeFailed, RoundTripFailed }

    /// <summary>
    /// A fresh scratch database with <paramref name="steps"/> applied one by one as an upgrade runs
    /// them, each failed upgrade stamped past rather than run, so the walk goes on from there.
    /// </summary>
    private static void Rebuild(ScratchRun scratch, IEnumerable<MigrationStep> steps, IReadOnlyList<MigrationStep> failedUpgrades)
    {
        scratch.Reset();
        foreach (var step in steps)
        {
            var run = failedUpgrades.Contains(step)
                ? scratch.Runner.Stamp(step.After, purge: false, RunObserver.None, CancellationToken.None)
                : scratch.Runner.RunStep(step);
            // A revision that upgraded on its own earlier does so again on a fresh database; if not, the walk stops being meaningful.
            run.ThrowIfFailed();
        }
    }

    /// <summary>Lint findings for one revision, with the columns' types as the database has them just before it runs.</summary>
    private static bool Lint(ScratchRun scratch, MigrationConfig config, Revision revision, bool othersReversible, IReadOnlySet<string> copiedBefore, CheckLog log)
    {
        var dialect = scratch.Dialect;
        using var connection = scratch.Scratch.Open();
        string? ColumnType(string table, string column) =>
            Convert.ToString(Drivers.Scalar(connection, dialect.ColumnTypeQuery, ("@t", table), ("@c", column)), System.Globalization.CultureInfo.InvariantCulture) is { Length: > 0 } type ? type : null;
        var found = false;
        foreach (var finding in LintRules.Check(revision, dialect, revision.Text.Split('\n'), othersReversible, ColumnType, copiedBefore))
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

    /// <summary>Upgrade; for a reversible revision, downgrade and upgrade again.</summary>
    private static Outcome RoundTrip(ScratchRun scratch, MigrationStep step, IReadOnlyList<MigrationStep> failedBefore, CheckLog log)
    {
        var dialect = scratch.Dialect;
        var r = step.Revision;
        var before = r.IsReversible ? scratch.Picture() : null;
        var clock = Stopwatch.StartNew();
        var up = scratch.Runner.RunStep(step);
        // A failure after an earlier one may be that one's consequence: say what the database lacked.
        var after = failedBefore.Count == 0 ? "" : $" (run after revision {string.Join(", ", failedBefore.Select(s => s.Revision.Id))} failed, and was stamped past)";
        if (!up.Succeeded)
        {
            log.Add("upgrade", r.Id, CheckStatus.Failed, up.Failure!.Message + after, clock, dialect);
            return Outcome.UpgradeFailed;
        }
        log.Add("upgrade", r.Id, CheckStatus.Passed, $"{r.FilePath}: upgraded alone{after}", clock, dialect);
        if (before is null) return Outcome.Passed;

        clock.Restart();
        var down = scratch.Runner.RunStep(step with { Direction = Direction.Downgrade, Before = step.After, After = step.Before });
        var difference = down.Succeeded ? Difference(before, scratch.Picture(), dialect) : null;
        var again = down.Succeeded ? scratch.Runner.RunStep(step) : null;
        var failure = !down.Succeeded ? $"the downgrade failed: {down.Failure!.Message}"
            : difference is not null ? $"upgrade then downgrade does not give back the schema before it: {difference}"
            : !again!.Succeeded ? $"the upgrade failed on its second run: {again.Failure!.Message}"
            : null;
        log.Add("up-down", r.Id, failure is null ? CheckStatus.Passed : CheckStatus.Failed,
            failure ?? "upgrade, downgrade and upgrade again; the schema came back each time", clock, dialect);
        return failure is null ? Outcome.Passed : Outcome.RoundTripFailed;
    }

    /// <summary>What differs between two pictures, or null: equal texts are equal schemas; different ones are compared as models.</summary>
    private static string? Difference(SchemaPicture before, SchemaPicture after, SqlDialect dialect)
    {
        if (before.Text == after.Text) return null;
        var changes = new SchemaComparer(dialect.Names).Compare(before.Model(), after.Model());
        return changes.Count == 0 ? null : string.Join("; ", changes.Select(c => c.Describe()));
    }
}
