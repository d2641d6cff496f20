using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>
/// Test-MigrationDrift: $true when each database matches the schema its applied revisions
/// produce; -Detailed lists the differences instead.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "MigrationDrift")]
[OutputType(typeof(bool), typeof(SchemaDifference))]
public sealed class TestMigrationDriftCommand : DatabaseCmdlet
{
    [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public override DatabaseInput[]? Database { get; set; }

    /// <summary>A database whose user may create databases, where PostgreSQL and MySQL schemas are built (default: devDatabase in psmigrate.json).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? DevDatabase { get; set; }

    [Parameter]
    public SwitchParameter Detailed { get; set; }

    protected override void Process(MigrationRequest request)
    {
        var drift = Migrator(request).CheckDrift(new SchemaOptions(DevDatabase));
        if (Detailed) WriteObject(drift.Differences.Select(d => OutputShapes.Difference(d, drift)), enumerateCollection: true);
        else WriteObject(!drift.HasDifferences);
    }
}
