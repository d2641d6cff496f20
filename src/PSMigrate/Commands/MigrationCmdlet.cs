using System.Management.Automation;
using System.Net;
using System.Security;

namespace PSMigrate.Commands;

/// <summary>
/// What every cmdlet shares: <c>-Path</c>, resolved against PowerShell's current location
/// (not the process directory), and engine errors written as ErrorRecords. The engine call
/// runs on the pipeline thread, so output, progress and errors are written there too.
/// </summary>
public abstract class MigrationCmdlet : PSCmdlet
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly Dictionary<string, MigrationProject> _projects = new(StringComparer.Ordinal);

    /// <summary>
    /// The migration folder, taken literally (no wildcards). It binds from piped objects too: a
    /// folder from Get-Item (PSPath, FullName) or a status (FolderPath).
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("LiteralPath", "PSPath", "FullName", "FolderPath")]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    protected CancellationToken Cancellation => _cancel.Token;

    /// <summary>
    /// The engine requests for these parameters: one, or one per database for cmdlets that take
    /// several. <paramref name="resolve"/> turns a PowerShell path into a file-system path.
    /// </summary>
    internal virtual IEnumerable<MigrationRequest> Requests(string location, Func<string, string> resolve) =>
        [new(resolve(Path ?? location), location)];

    /// <summary>
    /// The project for a request's folder, loaded once per folder in a call: databases piped into
    /// one call share it instead of reading the folder again.
    /// </summary>
    protected MigrationProject Project(MigrationRequest request)
    {
        var folder = System.IO.Path.GetFullPath(request.FolderPath, request.CurrentDirectory);
        if (!_projects.TryGetValue(folder, out var project)) _projects[folder] = project = MigrationProject.Load(request);
        return project;
    }

    /// <summary>Each request in turn; a failure is one non-terminating error, and the next request still runs.</summary>
    protected sealed override void ProcessRecord()
    {
        IReadOnlyList<MigrationRequest> requests;
        try
        {
            requests = Requests(SessionState.Path.CurrentFileSystemLocation.ProviderPath, GetUnresolvedProviderPathFromPSPath).ToList();
        }
        catch (MigrationException e)
        {
            WriteError(ErrorRecords.From(e));
            return;
        }
        foreach (var request in requests)
        {
            try
            {
                Process(request);
            }
            catch (MigrationException e)
            {
                WriteError(ErrorRecords.From(e));
            }
        }
    }

    protected abstract void Process(MigrationRequest request);

    /// <summary>Ctrl+C: the engine stops between statements and rolls back what it can.</summary>
    protected override void StopProcessing() => _cancel.Cancel();

    protected override void EndProcessing() => _cancel.Dispose();
}

