using System.Diagnostics;

namespace PSMigrate.Checks;

/// <summary>Everything undone to base leaves nothing but PSMigrate's own tables (for a folder whose every revision is reversible).</summary>
internal static class DowngradeToBaseCheck
{
    public static void Run(ScratchRun scratch, CheckLog log)
    {
        var clock = Stopwatch.StartNew();
        var run = scratch.Runner.Downgrade("base");
        var left = run.Succeeded ? scratch.Inspect() : null;
        var objects = left is null ? [] : left.Tables.Select(t => "table " + t.Name).Concat(left.Views.Select(v => "view " + v.Name))
            .Concat(left.Enums.Select(e => "type " + e.Name)).Concat(left.Sequences.Select(s => "sequence " + s.Name)).Concat(left.Triggers.Select(t => "trigger " + t.Name)).ToList();
        log.Add("downgrade-to-base", null, run.Succeeded && objects.Count == 0 ? CheckStatus.Passed : CheckStatus.Failed,
            !run.Succeeded ? run.Failure!.Message
            : objects.Count > 0 ? $"after a downgrade to base, the database still holds {string.Join(", ", objects)}"
            : "nothing is left but PSMigrate's own tables", clock, scratch.Dialect);
    }
}
