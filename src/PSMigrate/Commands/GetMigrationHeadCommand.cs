using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>Get-MigrationHead: the heads of the migration folder.</summary>
[Cmdlet(VerbsCommon.Get, "MigrationHead")]
[OutputType(typeof(MigrationRevision))]
public sealed class GetMigrationHeadCommand : MigrationCmdlet
{
    protected override void Process(MigrationRequest request) => WriteObject(Project(request).Heads().Select(OutputShapes.Revision), enumerateCollection: true);
}
