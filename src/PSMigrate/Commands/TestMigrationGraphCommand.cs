using System.Management.Automation;
using PSMigrate.Graph;
using PSMigrate.Scripts;

namespace PSMigrate.Commands;

/// <summary>Test-MigrationGraph: $true when the folder's graph has no problems; -Detailed lists them.</summary>
[Cmdlet(VerbsDiagnostic.Test, "MigrationGraph")]
[OutputType(typeof(bool), typeof(GraphProblem))]
public sealed class TestMigrationGraphCommand : MigrationCmdlet
{
    [Parameter]
    public SwitchParameter Detailed { get; set; }

    /// <summary>Works on a broken graph too, which the engine's Migrator refuses to load.</summary>
    protected override void Process()
    {
        var folder = MigrationFolder.Load(Where().FolderPath);
        var (_, problems) = RevisionGraph.Analyze(folder.Revisions);
        if (Detailed) WriteObject(problems, enumerateCollection: true);
        else WriteObject(problems.Count == 0);
    }
}
