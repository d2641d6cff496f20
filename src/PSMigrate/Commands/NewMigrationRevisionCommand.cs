using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>New-MigrationRevision: write a new revision file in the folder's id scheme.</summary>
[Cmdlet(VerbsCommon.New, "MigrationRevision", SupportsShouldProcess = true, HelpUri = MigrationCmdlet.HelpRoot + "new-migrationrevision")]
[OutputType(typeof(MigrationRevision))]
public sealed class NewMigrationRevisionCommand : MigrationCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Message { get; set; } = "";

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? RevisionId { get; set; }

    /// <summary>Parent revision(s); 'base' starts a new base. Default: the folder's single head.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(TargetCompleter))]
    public string[]? Revises { get; set; }

    [Parameter]
    public string[]? BranchLabel { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(TargetCompleter))]
    public string[]? DependsOn { get; set; }

    /// <summary>Make a merge revision whose parents are all the current heads.</summary>
    [Parameter]
    public SwitchParameter Merge { get; set; }

    internal NewRevisionRequest ToRevisionRequest() => new(Message, RevisionId, Revises, BranchLabel, DependsOn, Merge);

    protected override void Process(MigrationRequest request)
    {
        var project = Project(request);
        var file = project.PlanRevision(ToRevisionRequest(), DateTimeOffset.UtcNow);
        if (!ShouldProcess(file.Path, $"create revision {file.Revision} ({string.Join(", ", file.Revises.DefaultIfEmpty("base"))} -> {file.Revision})"))
            return;
        WriteObject(OutputShapes.Revision(project.WriteRevision(file)));
    }
}
