using System.Management.Automation;

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

    protected override void Process(MigrationRequest request)
    {
        var project = Project(request);
        var history = project.HasDatabase(request.Database) ? project.ForDatabase(request).History(Range) : project.History(Range);
        WriteObject(history.Select(OutputShapes.History), enumerateCollection: true);
    }
}
