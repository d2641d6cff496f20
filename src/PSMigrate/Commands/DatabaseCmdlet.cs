using System.Management.Automation;
using System.Net;
using System.Security;

namespace PSMigrate.Commands;

/// <summary>Cmdlets that talk to a database: <c>-Database</c>, <c>-Credential</c> and <c>-LockTimeout</c>.</summary>
public abstract class DatabaseCmdlet : MigrationCmdlet
{
    /// <summary>
    /// One or more databases: addresses, names from psmigrate.json's "databases", or SQLite files
    /// (a path without a scheme, or a FileInfo).
    /// </summary>
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

    /// <summary>Seconds one statement of a revision may run on PostgreSQL or MySQL; 0 for no limit (default: commandTimeout in psmigrate.json, else none).</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int? CommandTimeout { get; set; }

    /// <summary>Seconds a revision's statement waits for a table lock before the revision is rolled back and tried again; 0 waits as the server does.</summary>
    [Parameter]
    [ValidateRange(0.0, 86400.0)]
    public double? TableLockTimeout { get; set; }

    /// <summary>How often a revision whose table-lock wait ran out is tried in all.</summary>
    [Parameter]
    [ValidateRange(1, 1000)]
    public int? TableLockTries { get; set; }

    internal override IEnumerable<MigrationRequest> Requests(string location, Func<string, string> resolve)
    {
        var folder = base.Requests(location, resolve).Single() with
        {
            UserName = Credential?.UserName,
            Password = Plain(Credential?.Password),
            LockTimeout = LockTimeout is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            CommandTimeout = CommandTimeout is { } limit ? TimeSpan.FromSeconds(limit) : null,
            TableLockTimeout = TableLockTimeout is { } wait ? TimeSpan.FromSeconds(wait) : null,
            TableLockTries = TableLockTries,
        };
        if (Database is not { Length: > 0 } given) return [folder];
        // The same database named twice (app.db and ./app.db alike) is done once.
        return given.Select(d => Address(() => Project(folder), d.Address, resolve))
            .Distinct(StringComparer.Ordinal).Select(d => folder with { Database = d }).ToList();
    }

    /// <summary>
    /// A database as the cmdlets take it: a name from psmigrate.json (the engine's to resolve), an
    /// address as given, or a SQLite file for a bare path (no scheme before a colon; a drive letter
    /// is not a scheme), resolved against PowerShell's location. The folder is read for its names
    /// only when the value could be one.
    /// </summary>
    internal static string Address(Func<MigrationProject> project, string database, Func<string, string> resolve) =>
        MigrationProject.IsDatabaseName(database) && project().DatabaseNames.Contains(database) ? database
        : database.IndexOf(':') > 1 ? database
        : "sqlite:" + resolve(database);

    /// <summary>The migrator for a request's database, over the project loaded once per folder.</summary>
    protected Migrator Migrator(MigrationRequest request) => Project(request).ForDatabase(request);

    internal static string? Plain(SecureString? secret) =>
        secret is null || secret.Length == 0 ? null : new NetworkCredential(string.Empty, secret).Password;
}
