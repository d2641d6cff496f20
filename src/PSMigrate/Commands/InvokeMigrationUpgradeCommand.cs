using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>Invoke-MigrationUpgrade: upgrade a database to a target, or render the SQL with -Sql.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "MigrationUpgrade", SupportsShouldProcess = true, DefaultParameterSetName = TargetSet, HelpUri = MigrationCmdlet.HelpRoot + "invoke-migrationupgrade")]
[OutputType(typeof(MigrationStepResult), typeof(string))]
public sealed class InvokeMigrationUpgradeCommand : DatabaseCmdlet
{
    private const string TargetSet = "Target";
    private const string DeltaSet = "Delta";

    /// <summary>Many databases can be given or piped in; each is upgraded and reported in turn.</summary>
    [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public override DatabaseInput[]? Database { get; set; }

    [Parameter(Position = 0, ParameterSetName = TargetSet)]
    [ArgumentCompleter(typeof(TargetCompleter))]
    [ValidateNotNullOrEmpty]
    public string Target { get; set; } = "heads";

    /// <summary>Upgrade this many revisions from the current one (the target +N).</summary>
    [Parameter(Mandatory = true, ParameterSetName = DeltaSet)]
    [ValidateRange(1, int.MaxValue)]
    public int? Delta { get; set; }

    /// <summary>Write the SQL script instead of running it; the target may be a range from:to.</summary>
    [Parameter]
    public SwitchParameter Sql { get; set; }

    internal string EffectiveTarget => Delta is { } steps ? $"+{steps}" : Target;

    protected override void Process(MigrationRequest request)
    {
        var migrator = Migrator(request);
        if (Sql)
        {
            WriteObject(migrator.RenderUpgrade(EffectiveTarget));
            return;
        }
        RunPlanned(migrator, migrator.PlanUpgrade(EffectiveTarget), "upgrade", $"Upgrading {migrator.Database}",
            observer => migrator.Upgrade(EffectiveTarget, observer, Cancellation));
    }
}
