using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>
/// Invoke-MigrationDowngrade: undo revisions down to a target, or render the SQL with -Sql.
/// A downgrade drops what revisions built, data included, so it asks first (ConfirmImpact High);
/// scripts say -Confirm:$false.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "MigrationDowngrade", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = TargetSet)]
[OutputType(typeof(DatabaseResult), typeof(string))]
public sealed class InvokeMigrationDowngradeCommand : ChangeCmdlet
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

    internal string EffectiveTarget => Delta is { } steps ? $"-{steps}" : Target;

    protected override string Activity => "Downgrading";

    protected override string Render(Migrator migrator) => migrator.RenderDowngrade(EffectiveTarget);

    protected override string Describe(Migrator migrator, bool detailed) =>
        detailed ? Planned("downgrade", () => migrator.PlanDowngrade(EffectiveTarget)) : $"downgrade to {EffectiveTarget}";

    protected override IEnumerable<FleetEvent> Start(MigrationFleet fleet, IReadOnlyList<Migrator> databases) =>
        fleet.Downgrade(databases, EffectiveTarget, Cancellation);
}
