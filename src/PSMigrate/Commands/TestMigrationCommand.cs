using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>
/// Test-Migration: the folder's built-in tests on scratch databases, one result per check;
/// -JUnit also writes them for Azure DevOps' PublishTestResults.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "Migration", HelpUri = MigrationCmdlet.HelpRoot + "test-migration")]
[OutputType(typeof(CheckResult))]
public sealed class TestMigrationCommand : MigrationCmdlet
{
    /// <summary>A database whose user may create databases, where PostgreSQL and MySQL scratch databases are made.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? DevDatabase { get; set; }

    /// <summary>A live database: its applied revisions' checksums and its drift are checked too.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Database { get; set; }

    /// <summary>Also write the results as JUnit XML to this file.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? JUnit { get; set; }

    protected override void Process(MigrationRequest request)
    {
        var database = Database is null ? null : DatabaseCmdlet.Address(Database, GetUnresolvedProviderPathFromPSPath);
        var results = Project(request).Test(new TestOptions(DevDatabase, database));
        foreach (var result in results)
        {
            WriteObject(OutputShapes.Check(result));
            if (result.Failed) WriteError(new ErrorRecord(new MigrationException(ErrorIds.CheckFailed, $"{result.Check}{(result.Revision is null ? "" : " " + result.Revision)}: {result.Message}"),
                ErrorIds.CheckFailed, ErrorCategory.InvalidResult, result.Revision ?? result.Check));
        }
        if (JUnit is not null)
        {
            var path = GetUnresolvedProviderPathFromPSPath(JUnit);
            try { File.WriteAllText(path, JUnitReport.Write(results)); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                WriteError(ErrorRecords.From(new MigrationException(ErrorIds.FileError, $"cannot write {path}: {e.Message}", e) { FilePath = path, Kind = ErrorKind.ResourceUnavailable }));
            }
        }
    }
}
