using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>
/// Test-Migration: the folder's built-in tests on scratch databases, one result per check;
/// -JUnit also writes them for Azure DevOps' PublishTestResults.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "Migration")]
[OutputType(typeof(CheckResult))]
public sealed class TestMigrationCommand : SchemaCmdlet
{
    /// <summary>A live database (an address, a name from psmigrate.json, or a SQLite file): its applied revisions' checksums and its drift are checked too.</summary>
    [Parameter]
    [ValidateNotNull]
    public DatabaseInput? Database { get; set; }

    /// <summary>Also write the results as JUnit XML to this file.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? JUnit { get; set; }

    protected override void Process(MigrationRequest request)
    {
        var project = Project(request);
        var database = Database is null ? null : DatabaseCmdlet.Address(() => project, Database.Address, GetUnresolvedProviderPathFromPSPath);
        var results = project.Test(new TestOptions(DevDatabase, database, Dialect));
        foreach (var result in results)
        {
            WriteObject(OutputShapes.Check(result));
            if (result.Failed) WriteError(new ErrorRecord(new MigrationException(ErrorIds.CheckFailed, $"{result.Check}{(result.Revision is null ? "" : " " + result.Revision)}: {result.Message}"),
                ErrorIds.CheckFailed, ErrorCategory.InvalidResult, result.Revision ?? result.Check));
        }
        if (JUnit is not null) JUnitReport.Save(results, GetUnresolvedProviderPathFromPSPath(JUnit));
    }
}
