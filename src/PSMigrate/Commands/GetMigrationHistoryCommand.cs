using System.Management.Automation;
using PSMigrate.Execution;

namespace PSMigrate.Commands;

/// <summary>Get-MigrationHistory: revisions newest first; with a database, which are applied.</summary>
[Cmdlet(VerbsCommon.Get, "MigrationHistory")]
[OutputType(typeof(MigrationHistoryEntry))]
public sealed class GetMigrationHistoryCommand : DatabaseCmdlet
{
    /// <summary>A range from:to; either side may be empty.</summary>
    [Parameter(Position = 0)]
    [ArgumentCompleter(typeof(TargetCompleter))]
    public string? Range { get; set; }

    protected override void Process() => WriteObject(Migrator.Open(Where()).History(Range), enumerateCollection: true);
}
