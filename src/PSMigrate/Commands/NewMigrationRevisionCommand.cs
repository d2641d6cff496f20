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

    /// <summary>A database whose user may create databases, where PostgreSQL and MySQL schemas are built.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? DevDatabase { get; set; }

    internal NewRevisionRequest ToRevisionRequest() => new(Message, RevisionId, Revises, BranchLabel, DependsOn, Merge);

    protected override void Process(MigrationRequest request)
    {
        var project = Project(request);
        if (!Autogenerate && (Schema is not null || FromDatabase is not null))
            throw new MigrationException(ErrorIds.InvalidCommandLine, "-Schema and -FromDatabase go with -Autogenerate") { Kind = ErrorKind.InvalidArgument };
        if (Schema is not null && FromDatabase is not null)
            throw new MigrationException(ErrorIds.InvalidCommandLine, "give -Schema or -FromDatabase, not both") { Kind = ErrorKind.InvalidArgument };
        var file = Autogenerate
            ? project.PlanAutogenerate(ToRevisionRequest(), FromDatabase ?? (Schema is null ? null : GetUnresolvedProviderPathFromPSPath(Schema)),
                new SchemaOptions(DevDatabase), DateTimeOffset.UtcNow)
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
