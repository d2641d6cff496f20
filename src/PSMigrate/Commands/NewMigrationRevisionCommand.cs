using System.Management.Automation;
using PSMigrate.Authoring;

namespace PSMigrate.Commands;

/// <summary>New-MigrationRevision: write a new revision file in the folder's id scheme.</summary>
[Cmdlet(VerbsCommon.New, "MigrationRevision", SupportsShouldProcess = true)]
[OutputType(typeof(MigrationRevision))]
public sealed class NewMigrationRevisionCommand : SchemaCmdlet
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

    /// <summary>Write the upgrade and downgrade that turn the folder's heads into the desired schema.</summary>
    [Parameter]
    public SwitchParameter Autogenerate { get; set; }

    /// <summary>With -Autogenerate: the desired schema as SQL (default: schema.sql in the folder).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Schema { get; set; }

    /// <summary>With -Autogenerate: take the desired schema from this database.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? FromDatabase { get; set; }

    internal NewRevisionRequest ToRevisionRequest() => new(Message, RevisionId, Revises, BranchLabel, DependsOn, Merge);

    protected override void Process(MigrationRequest request)
    {
        var project = Project(request);
        var desired = AutogenerateSource.Cmdlet.Desired(Autogenerate, SourcePath(Schema), FromDatabase);
        var file = Autogenerate
            ? project.PlanAutogenerate(ToRevisionRequest(), desired, Options, DateTimeOffset.UtcNow)
            : project.PlanRevision(ToRevisionRequest(), DateTimeOffset.UtcNow);
        if (file is null)
        {
            WriteWarning("no difference between the folder's heads and the desired schema; no revision written");
            return;
        }
        foreach (var difference in file.Differences) WriteVerbose($"{difference.Kind}: {difference.Description}");
        if (!ShouldProcess(file.Path, $"create revision {file.Revision} ({string.Join(", ", file.Revises.DefaultIfEmpty("base"))} -> {file.Revision})"))
            return;
        WriteObject(OutputShapes.Revision(project.WriteRevision(file)));
    }
}
