using System.Management.Automation;
using PSMigrate.Execution;
using PSMigrate.Graph;

namespace PSMigrate.Commands;

/// <summary>Test-MigrationGraph: $true when the folder's graph has no problems; -Detailed lists them.</summary>
[Cmdlet(VerbsDiagnostic.Test, "MigrationGraph")]
[OutputType(typeof(bool), typeof(GraphProblem))]
public sealed class TestMigrationGraphCommand : MigrationCmdlet
{
    [Parameter]
    public SwitchParameter Detailed { get; set; }

    protected override void Process()
    {
        var problems = Migrator.Check(Where().FolderPath);
        if (Detailed) WriteObject(problems, enumerateCollection: true);
        else WriteObject(problems.Count == 0);
    }
}
