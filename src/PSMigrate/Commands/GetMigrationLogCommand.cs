using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>Get-MigrationLog: the database's journal, newest first, with each failed step's error text.</summary>
[Cmdlet(VerbsCommon.Get, "MigrationLog")]
[OutputType(typeof(MigrationLogEntry))]
public sealed class GetMigrationLogCommand : DatabaseCmdlet
{
    /// <summary>Only the newest N rows.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? Last { get; set; }

    protected override void Process(MigrationRequest request) =>
        WriteObject(Migrator(request).Log(Last).Select(OutputShapes.Log), enumerateCollection: true);
}
