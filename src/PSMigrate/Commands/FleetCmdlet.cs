using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>
/// Cmdlets that work on many databases at once. Every database given or piped in is resolved as
/// it arrives (a bad one is an error then, before any database is touched); at the end of the
/// pipeline input they run together, <c>-ThrottleLimit</c> at a time. The engine's threads only
/// post events; objects, errors and progress are written here, on the pipeline thread.
/// </summary>
public abstract class FleetCmdlet : DatabaseCmdlet
{
    private readonly List<Migrator> _databases = [];
    private Shard? _shard;

    /// <summary>How many databases to work on at once.</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int ThrottleLimit { get; set; } = 4;

    /// <summary>K/N: this job's share of the databases (every N-th from the K-th), so N jobs split one list with each database run once.</summary>
    [Parameter]
    [ValidatePattern(@"^\d+/\d+$")]
    public string? Shard { get; set; }

    /// <summary>A -Shard that is not K/N with 1 ≤ K ≤ N stops the call before any database is read.</summary>
    protected override void BeginProcessing()
    {
        try { _shard = Shard is null ? null : PSMigrate.Shard.Parse(Shard, "-Shard"); }
        catch (MigrationException e) { ThrowTerminatingError(ErrorRecords.From(e)); }
    }

    /// <summary>Queues the request's database for the run at the end.</summary>
    protected override void Process(MigrationRequest request) => _databases.Add(Migrator(request));

    /// <summary>The databases' run, over every database of the call.</summary>
    protected abstract void Run(IReadOnlyList<Migrator> databases);

    protected sealed override void EndProcessing()
    {
        try
        {
            var databases = _shard is null ? _databases : _shard.Of(_databases);
            if (databases.Count > 0) Run(databases);
        }
        finally
        {
            base.EndProcessing();
        }
    }

    protected MigrationFleet Fleet(bool failFast = false) =>
        new(ThrottleLimit, failFast, statements: WantsDebug());

    /// <summary>
    /// Writes a fleet's events as they come: a progress bar per running database under one for
    /// the total, verbose and debug lines, and for each database its result, plus an error when it failed.
    /// </summary>
    protected void Write(IEnumerable<FleetEvent> events, int count, string activity)
    {
        var total = new ProgressRecord(0, activity, $"0 of {count} database(s) done") { PercentComplete = 0 };
        var finished = 0;
        var results = new List<DatabaseResult>();
        WriteProgress(total);
        foreach (var e in events)
        {
            switch (e)
            {
                case DatabaseStarted:
                    WriteProgress(Bar(e, "connecting", 0, ProgressRecordType.Processing));
                    break;
                case DatabaseProgress { Progress: var p }:
                    WriteProgress(Bar(e, $"{p.Direction} {p.Revision}{(p.Message is null ? "" : ": " + p.Message)} (step {p.StepNumber} of {p.StepCount}){(p.Waiting is null ? "" : ": " + p.Waiting)}",
                        (p.StepNumber - 1) * 100 / Math.Max(1, p.StepCount), ProgressRecordType.Processing));
                    break;
                case DatabaseMessage m:
                    WriteVerbose($"{m.Database}: {m.Text}");
                    break;
                case DatabaseStatement statement:
                    WriteDebug($"{statement.Database}: {statement.Text}");
                    break;
                case DatabaseFinished { Result: var result }:
                    Finish(e);
                    results.Add(result);
                    WriteObject(OutputShapes.Result(result));
                    if (result.Failure is { } failure) WriteError(ErrorRecords.From(failure));
                    break;
                case DatabaseStatusRead read:
                    Finish(e);
                    if (read.Status is { } status) WriteObject(OutputShapes.Status(status));
                    else WriteError(ErrorRecords.From(read.Failure!));
                    break;
            }
        }
        total.RecordType = ProgressRecordType.Completed;
        WriteProgress(total);
        if (results.Count > 0)
            WriteInformation(Summary(results), ["PSMigrate", "Summary"]);

        void Finish(FleetEvent e)
        {
            WriteProgress(Bar(e, "done", 100, ProgressRecordType.Completed));
            finished++;
            total.PercentComplete = finished * 100 / count;
            total.StatusDescription = $"{finished} of {count} database(s) done";
            WriteProgress(total);
        }
    }

    private static ProgressRecord Bar(FleetEvent e, string status, int percent, ProgressRecordType type) =>
        new(e.Index + 1, e.Database, status) { ParentActivityId = 0, PercentComplete = percent, RecordType = type };

    private static string Summary(IReadOnlyList<DatabaseResult> results)
    {
        int Of(DatabaseOutcome o) => results.Count(r => r.Status == o);
        return $"{results.Count} database(s): {Of(DatabaseOutcome.Succeeded)} succeeded, {Of(DatabaseOutcome.Failed)} failed, {Of(DatabaseOutcome.Skipped)} skipped";
    }

    /// <summary>Whether debug output is shown (-Debug, or $DebugPreference): only then are statements worth reporting.</summary>
    private bool WantsDebug() =>
        MyInvocation.BoundParameters.TryGetValue("Debug", out var given)
            ? ((SwitchParameter)given).IsPresent
            : LanguagePrimitives.TryConvertTo(GetVariableValue("DebugPreference"), out ActionPreference value)
              && value is not (ActionPreference.SilentlyContinue or ActionPreference.Ignore);
}
