using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>Set-MigrationStamp: record revisions in the version table without running their SQL.</summary>
[Cmdlet(VerbsCommon.Set, "MigrationStamp", SupportsShouldProcess = true)]
[OutputType(typeof(DatabaseResult), typeof(string))]
public sealed class SetMigrationStampCommand : ChangeCmdlet
{
    private bool _yesToAll;
    private bool _noToAll;

    [Parameter(Mandatory = true, Position = 0)]
    [ArgumentCompleter(typeof(TargetCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Target { get; set; } = [];

    /// <summary>Empty the version table first, even when it names revisions the folder lacks.</summary>
    [Parameter]
    public SwitchParameter Purge { get; set; }

    /// <summary>Purge without asking (for scripts).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override string Activity => "Stamping";

    protected override string Render(Migrator migrator) => migrator.RenderStamp(Target);

    protected override string Describe(Migrator migrator, bool detailed) =>
        detailed
            ? Planned("set the version table", () => $"set the version table to {(migrator.PlanStamp(Target, Purge) is { Count: > 0 } rows ? string.Join(", ", rows) : "base")}")
            : $"set the version table to {string.Join(", ", Target)}";

    /// <summary>-Purge throws away rows the folder cannot explain; that is worth a question even in a script that forgot it.</summary>
    protected override bool Confirmed(Migrator migrator) =>
        !Purge || Force || ShouldContinue(
            $"-Purge replaces every row of the version table of {migrator.Database}, including revisions this folder does not know.",
            "Purge the version table?", ref _yesToAll, ref _noToAll);

    protected override IEnumerable<FleetEvent> Start(MigrationFleet fleet, IReadOnlyList<Migrator> databases) =>
        fleet.Stamp(databases, Target, Purge, Cancellation);
}
