using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>Cmdlets that build schemas: <c>-DevDatabase</c> and <c>-Dialect</c>, and sources given as PowerShell paths.</summary>
public abstract class SchemaCmdlet : MigrationCmdlet
{
    /// <summary>A database whose user may create databases, where PostgreSQL and MySQL schemas are built (default: devDatabase in psmigrate.json).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? DevDatabase { get; set; }

    /// <summary>The dialect to compare in when no database fixes one.</summary>
    [Parameter]
    [ValidateSet("sqlite", "postgresql", "mysql")]
    public string? Dialect { get; set; }

    internal SchemaOptions Options => new(DevDatabase, Dialect);

    /// <summary>A .sql file is a PowerShell path, resolved against the location; anything else goes to the engine as written.</summary>
    internal string? SourcePath(string? source) =>
        source is not null && source.EndsWith(".sql", StringComparison.OrdinalIgnoreCase) && !source.Contains("://", StringComparison.Ordinal)
            ? GetUnresolvedProviderPathFromPSPath(source)
            : source;
}
