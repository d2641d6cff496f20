using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>Invoke-MigrationUpgrade: upgrade databases to a target, or render the SQL with -Sql.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "MigrationUpgrade", SupportsShouldProcess = true, DefaultParameterSetName = TargetSet)]
[OutputType(typeof(DatabaseResult), typeof(string))]
public sealed class InvokeMigrationUpgradeCommand : ChangeCmdlet
{
    private const string TargetSet = "Target";
    private const string DeltaSet = "Delta";

    /// <summary>Many databases can be given or piped in; they are upgraded together, -ThrottleLimit at a time.</summary>
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

    internal string EffectiveTarget => Delta is { } steps ? $"+{steps}" : Target;

    protected override string Activity => "Upgrading";

    protected override string Render(Migrator migrator) => migrator.RenderUpgrade(EffectiveTarget);

    protected override string Describe(Migrator migrator, bool detailed) =>
        detailed ? Planned("upgrade", () => migrator.PlanUpgrade(EffectiveTarget)) : $"upgrade to {EffectiveTarget}";

    protected override IEnumerable<FleetEvent> Start(MigrationFleet fleet, IReadOnlyList<Migrator> databases) =>
        fleet.Upgrade(databases, EffectiveTarget, Cancellation);
}
