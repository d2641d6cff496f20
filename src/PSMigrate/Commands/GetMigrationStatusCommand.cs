using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>Get-MigrationStatus: each database's current revisions against the folder's heads.</summary>
[Cmdlet(VerbsCommon.Get, "MigrationStatus")]
[OutputType(typeof(MigrationStatus))]
public sealed class GetMigrationStatusCommand : FleetCmdlet
{
    [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public override DatabaseInput[]? Database { get; set; }

    protected override void Run(IReadOnlyList<Migrator> databases) =>
        Write(Fleet().Status(databases, Cancellation), databases.Count, $"Reading {databases.Count} database(s)");
}
