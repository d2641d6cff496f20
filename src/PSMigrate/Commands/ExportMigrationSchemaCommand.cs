using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>Export-MigrationSchema: a schema as stable, sorted JSON, for snapshots and reviews.</summary>
[Cmdlet(VerbsData.Export, "MigrationSchema")]
[OutputType(typeof(string))]
public sealed class ExportMigrationSchemaCommand : SchemaCmdlet
{
    /// <summary>migrations (default), migrations@TARGET, a .sql file or a database address.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Source { get; set; }

    protected override void Process(MigrationRequest request) => WriteObject(Project(request).ExportSchema(SourcePath(Source), Options));
}
