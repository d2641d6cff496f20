using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>
/// Invoke-MigrationDowngrade: undo revisions down to a target, or render the SQL with -Sql.
/// A downgrade drops what revisions built, data included, so it asks first (ConfirmImpact High);
/// scripts say -Confirm:$false.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "MigrationDowngrade", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = TargetSet, HelpUri = MigrationCmdlet.HelpRoot + "invoke-migrationdowngrade")]
[OutputType(typeof(MigrationStepResult), typeof(string))]
public sealed class InvokeMigrationDowngradeCommand : DatabaseCmdlet
{
    private const string TargetSet = "Target";
    private const string DeltaSet = "Delta";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = TargetSet)]
    [ArgumentCompleter(typeof(TargetCompleter))]
    [ValidateNotNullOrEmpty]
    public string Target { get; set; } = "";

    /// <summary>Undo this many revisions from the current one (the target -N).</summary>
    [Parameter(Mandatory = true, ParameterSetName = DeltaSet)]
    [ValidateRange(1, int.MaxValue)]
    public int? Delta { get; set; }

    /// <summary>Write the SQL script instead of running it; the target must be a range from:to.</summary>
    [Parameter]
    public SwitchParameter Sql { get; set; }

    internal string EffectiveTarget => Delta is { } steps ? $"-{steps}" : Target;

    protected override void Process(MigrationRequest request)
    {
        var migrator = Migrator(request);
        if (Sql)
        {
            WriteObject(migrator.RenderDowngrade(EffectiveTarget));
            return;
        }
        RunPlanned(migrator, migrator.PlanDowngrade(EffectiveTarget), "downgrade", $"Downgrading {migrator.Database}",
            observer => migrator.Downgrade(EffectiveTarget, observer, Cancellation));
    }
}
