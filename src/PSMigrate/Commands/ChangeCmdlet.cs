using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>
/// The cmdlets that change databases (upgrade, downgrade, stamp): <c>-Sql</c> renders a script
/// instead, at once; otherwise each database is confirmed (ShouldProcess) on the pipeline thread,
/// and those approved run together. <c>-FailFast</c> starts no other database after one fails.
/// </summary>
public abstract class ChangeCmdlet : FleetCmdlet
{
    /// <summary>Start no other database after one fails; those already running finish.</summary>
    [Parameter]
    public SwitchParameter FailFast { get; set; }

    /// <summary>Write the SQL script instead of running it.</summary>
    [Parameter]
    public SwitchParameter Sql { get; set; }

    /// <summary>With -Sql and no database: the dialect to write (for an address that is not known, or not set).</summary>
    [Parameter]
    [ValidateSet("sqlite", "postgresql", "mysql")]
    public string? Dialect { get; set; }

    protected sealed override void Process(MigrationRequest request)
    {
        if (Dialect is not null && !Sql)
            throw new MigrationException(ErrorIds.InvalidCommandLine, "-Dialect goes with -Sql: it names the dialect of a script written without a database")
                { Kind = ErrorKind.InvalidArgument };
        if (Sql) WriteObject(Render(Dialect is null ? Migrator(request) : Project(request).ForDialect(Dialect)));
        else base.Process(request);
    }

    /// <summary>The offline script for one database (or dialect).</summary>
    protected abstract string Render(Migrator migrator);

    /// <summary>What ShouldProcess says will happen to a database; read from it only when someone will see it.</summary>
    protected abstract string Describe(Migrator migrator, bool detailed);

    /// <summary>A last question for one database after ShouldProcess (stamp's -Purge); true to go on.</summary>
    protected virtual bool Confirmed(Migrator migrator) => true;

    protected abstract IEnumerable<FleetEvent> Start(MigrationFleet fleet, IReadOnlyList<Migrator> databases);

    protected abstract string Activity { get; }

    protected sealed override void Run(IReadOnlyList<Migrator> databases)
    {
        var asking = WillAsk();
        var approved = databases.Where(m => ShouldProcess(m.Database, Describe(m, asking)) && Confirmed(m)).ToList();
        if (approved.Count > 0) Write(Start(Fleet(FailFast), approved), approved.Count, $"{Activity} {approved.Count} database(s)");
    }

    /// <summary>"upgrade 2 revision(s): a, b" from a plan read now.</summary>
    protected static string Planned(string verb, Func<IReadOnlyList<string>> plan) =>
        Planned(verb, () => plan() is { Count: > 0 } planned ? $"{verb} {planned.Count} revision(s): {string.Join(", ", planned)}" : $"nothing to {verb}");

    /// <summary>A description read from the database now; one that cannot be read is said, and the run will report why.</summary>
    protected static string Planned(string verb, Func<string> describe)
    {
        try { return describe(); }
        catch (MigrationException e) { return $"{verb} (no plan can be read now: {e.Message})"; }
    }

    /// <summary>
    /// Whether ShouldProcess will show its text (-WhatIf, or a confirmation): only then is each
    /// database read for its plan before the run, which reads it again under the lock anyway.
    /// </summary>
    private bool WillAsk()
    {
        var bound = MyInvocation.BoundParameters;
        if (bound.TryGetValue("WhatIf", out var whatIf) ? ((SwitchParameter)whatIf).IsPresent : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference")))
            return true;
        if (bound.TryGetValue("Confirm", out var confirm)) return ((SwitchParameter)confirm).IsPresent;
        var impact = ((CmdletAttribute)Attribute.GetCustomAttribute(GetType(), typeof(CmdletAttribute))!).ConfirmImpact;
        return LanguagePrimitives.TryConvertTo(GetVariableValue("ConfirmPreference"), out ConfirmImpact preference)
               && preference != ConfirmImpact.None && impact >= preference;
    }
}
