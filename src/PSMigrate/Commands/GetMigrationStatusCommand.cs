using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>Get-MigrationStatus: the database's current revisions against the folder's heads.</summary>
[Cmdlet(VerbsCommon.Get, "MigrationStatus", HelpUri = MigrationCmdlet.HelpRoot + "get-migrationstatus")]
[OutputType(typeof(MigrationStatus))]
public sealed class GetMigrationStatusCommand : DatabaseCmdlet
{
    [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public override DatabaseInput[]? Database { get; set; }

    protected override void Process(MigrationRequest request) => WriteObject(OutputShapes.Status(Migrator(request).Status()));
}
