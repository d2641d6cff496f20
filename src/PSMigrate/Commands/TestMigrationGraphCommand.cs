using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>Test-MigrationGraph: $true when the folder's graph has no problems; -Detailed lists them.</summary>
[Cmdlet(VerbsDiagnostic.Test, "MigrationGraph")]
[OutputType(typeof(bool), typeof(GraphProblem))]
public sealed class TestMigrationGraphCommand : MigrationCmdlet
{
    [Parameter]
    public SwitchParameter Detailed { get; set; }

    protected override void Process(MigrationRequest request)
    {
        var problems = MigrationProject.Check(request.FolderPath);
        if (Detailed) WriteObject(problems.Select(OutputShapes.Problem), enumerateCollection: true);
        else WriteObject(problems.Count == 0);
    }
}
