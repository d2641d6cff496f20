using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>Set-MigrationStamp: record revisions in the version table without running their SQL.</summary>
[Cmdlet(VerbsCommon.Set, "MigrationStamp", SupportsShouldProcess = true, DefaultParameterSetName = TargetSet)]
[OutputType(typeof(DatabaseResult), typeof(string))]
public sealed class SetMigrationStampCommand : ChangeCmdlet
{
    private bool _yesToAll;
    private bool _noToAll;

    private const string TargetSet = "Target";
    private const string AdoptSet = "Adopt";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = TargetSet)]
    [ArgumentCompleter(typeof(TargetCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Target { get; set; } = [];

    /// <summary>Take the database over from another tool: stamp what its history table says is applied, leaving that table as it is.</summary>
    [Parameter(Mandatory = true, ParameterSetName = AdoptSet)]
    [ValidateNotNullOrEmpty]
    public string? From { get; set; }

    /// <summary>Empty the version table first, even when it names revisions the folder lacks.</summary>
    [Parameter(ParameterSetName = TargetSet)]
    public SwitchParameter Purge { get; set; }

    /// <summary>Purge without asking (for scripts).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override string Activity => "Stamping";

    protected override string Render(Migrator migrator) => From is null ? migrator.RenderStamp(Target)
        : throw new MigrationException(ErrorIds.InvalidCommandLine, "-From reads the database's own history, which an offline script cannot") { Kind = ErrorKind.InvalidArgument };

    protected override string Describe(Migrator migrator, bool detailed) =>
        From is not null ? $"take the database over from {From}: stamp what its history table says is applied"
        : detailed
            ? Planned("set the version table", () => $"set the version table to {(migrator.PlanStamp(Target, Purge) is { Count: > 0 } rows ? string.Join(", ", rows) : "base")}")
            : $"set the version table to {string.Join(", ", Target)}";

    /// <summary>-Purge throws away rows the folder cannot explain; that is worth a question even in a script that forgot it.</summary>
    protected override bool Confirmed(Migrator migrator) =>
        !Purge || Force || ShouldContinue(
            $"-Purge replaces every row of the version table of {migrator.Database}, including revisions this folder does not know.",
            "Purge the version table?", ref _yesToAll, ref _noToAll);

    protected override IEnumerable<FleetEvent> Start(MigrationFleet fleet, IReadOnlyList<Migrator> databases) =>
        From is null ? fleet.Stamp(databases, Target, Purge, Cancellation) : fleet.Adopt(databases, From, Cancellation);
}
