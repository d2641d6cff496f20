using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>Compare-MigrationSchema: the differences between two schemas, or the SQL from one to the other.</summary>
[Cmdlet(VerbsData.Compare, "MigrationSchema")]
[OutputType(typeof(SchemaDifference), typeof(string))]
public sealed class CompareMigrationSchemaCommand : SchemaCmdlet
{
    /// <summary>migrations, migrations@TARGET, a .sql file or a database address. Default: migrations (the folder's heads).</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? From { get; set; }

    /// <summary>As -From. Default: schema.sql in the folder.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? To { get; set; }

    /// <summary>Write the SQL that turns -From into -To instead of the differences.</summary>
    [Parameter]
    public SwitchParameter Sql { get; set; }

    protected override void Process(MigrationRequest request)
    {
        var diff = Project(request).CompareSchemas(SourcePath(From), SourcePath(To), Options);
        if (Sql) WriteObject(diff.UpgradeSql);
        else WriteObject(diff.Differences.Select(d => OutputShapes.Difference(d, diff)), enumerateCollection: true);
        foreach (var unmanaged in diff.Unmanaged) WriteVerbose($"not modelled, left alone: {unmanaged}");
    }
}
