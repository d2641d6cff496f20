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
    /// <summary>Where Get-Help -Online goes: the cmdlet's section of docs/cmdlets.md in the project's repository.</summary>
    internal const string HelpRoot = "https://github.com/psmigrate/psmigrate/blob/main/docs/cmdlets.md#";

    private readonly CancellationTokenSource _cancel = new();
    private MigrationProject? _project;

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
    /// The project for this record's folder, loaded once per folder: databases piped into one
    /// call share it instead of reading the folder again.
    /// </summary>
    protected MigrationProject Project(MigrationRequest request) =>
        _project is { } loaded && loaded.FolderPath == System.IO.Path.GetFullPath(request.FolderPath, request.CurrentDirectory)
            ? loaded
            : _project = MigrationProject.Load(request);

    /// <summary>Each request in turn; a failure is one non-terminating error, and the next request still runs.</summary>
    protected sealed override void ProcessRecord()
    {
        foreach (var request in Requests(SessionState.Path.CurrentFileSystemLocation.ProviderPath, GetUnresolvedProviderPathFromPSPath))
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

/// <summary>Cmdlets that talk to a database: <c>-Database</c>, <c>-Credential</c> and <c>-LockTimeout</c>.</summary>
public abstract class DatabaseCmdlet : MigrationCmdlet
{
    /// <summary>One or more database addresses, done one after another; a path without a scheme (app.db, a FileInfo) is a SQLite file.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public virtual DatabaseInput[]? Database { get; set; }

    /// <summary>User and password for the database; the password goes to the driver and nowhere else.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>Seconds to wait for another run's migration lock.</summary>
    [Parameter]
    [ValidateRange(0, 86400)]
    public int? LockTimeout { get; set; }

    internal override IEnumerable<MigrationRequest> Requests(string location, Func<string, string> resolve)
    {
        var folder = base.Requests(location, resolve).Single() with
        {
            UserName = Credential?.UserName,
            Password = Plain(Credential?.Password),
            LockTimeout = LockTimeout is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
        };
        // The same database named twice (app.db and ./app.db alike) is upgraded once.
        return Database is { Length: > 0 } given
            ? given.Select(d => Address(d.Address, resolve)).Distinct(StringComparer.Ordinal).Select(d => folder with { Database = d })
            : [folder];
    }

    /// <summary>
    /// An address as given, or a SQLite file for a bare path (no scheme before a colon; a drive
    /// letter is not a scheme), resolved against PowerShell's location.
    /// </summary>
    internal static string Address(string database, Func<string, string> resolve) =>
        database.IndexOf(':') > 1 ? database : "sqlite:" + resolve(database);

    /// <summary>The migrator for a request's database, over the project loaded once per folder.</summary>
    protected Migrator Migrator(MigrationRequest request) => Project(request).ForDatabase(request);

    internal static string? Plain(SecureString? secret) =>
        secret is null || secret.Length == 0 ? null : new NetworkCredential(string.Empty, secret).Password;

    /// <summary>Reports progress with Write-Progress and each finished step on the pipeline.</summary>
    private RunObserver Observer(string activity) => new(
        Progress: p => WriteProgress(new ProgressRecord(1, activity, $"{p.Direction} {p.Revision}{(p.Message is null ? "" : ": " + p.Message)}")
        {
            PercentComplete = (p.StepNumber - 1) * 100 / Math.Max(1, p.StepCount),
            CurrentOperation = $"step {p.StepNumber} of {p.StepCount}",
        }),
        StepCompleted: step => WriteObject(OutputShapes.Step(step)),
        Detail: WriteVerbose,
        Statement: WriteDebug);

    /// <summary>
    /// Asks ShouldProcess with the planned revisions (-WhatIf stops here, having only read), then
    /// runs under the migration lock, which plans again: the database may have moved meanwhile.
    /// Steps were written as they finished; a failed step ends as one error record.
    /// </summary>
    protected void RunPlanned(Migrator migrator, IReadOnlyList<string> planned, string verb, string activity,
        Func<RunObserver, MigrationRun> run)
    {
        var what = planned.Count == 0
            ? $"nothing to {verb}"
            : $"{verb} {planned.Count} revision(s): {string.Join(", ", planned)}";
        if (!ShouldProcess(migrator.Database, what)) return;
        var result = run(Observer(activity));
        WriteProgress(new ProgressRecord(1, activity, "done") { RecordType = ProgressRecordType.Completed });
        if (result.Failure is { } failure) WriteError(ErrorRecords.From(failure));
    }
}
