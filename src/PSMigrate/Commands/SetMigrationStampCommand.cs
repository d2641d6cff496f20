using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>Set-MigrationStamp: record revisions in the version table without running their SQL.</summary>
[Cmdlet(VerbsCommon.Set, "MigrationStamp", SupportsShouldProcess = true, HelpUri = MigrationCmdlet.HelpRoot + "set-migrationstamp")]
[OutputType(typeof(MigrationStatus), typeof(string))]
public sealed class SetMigrationStampCommand : DatabaseCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [ArgumentCompleter(typeof(TargetCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Target { get; set; } = [];

    /// <summary>Empty the version table first, even when it names revisions the folder lacks.</summary>
    [Parameter]
    public SwitchParameter Purge { get; set; }

    [Parameter]
    public SwitchParameter Sql { get; set; }

    /// <summary>Purge without asking (for scripts).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void Process(MigrationRequest request)
    {
        var migrator = Migrator(request);
        if (Sql)
        {
            WriteObject(migrator.RenderStamp(Target));
            return;
        }
        var rows = migrator.PlanStamp(Target, Purge);
        if (!ShouldProcess(migrator.Database, $"set the version table to {(rows.Count == 0 ? "base" : string.Join(", ", rows))}"))
            return;
        // -Purge throws away rows the folder cannot explain; that is worth a question even in a script that forgot it.
        if (Purge && !Force && !ShouldContinue(
                $"-Purge replaces every row of the version table of {migrator.Database}, including revisions this folder does not know.",
                "Purge the version table?"))
            return;
        WriteObject(OutputShapes.Status(migrator.Stamp(Target, Purge, Cancellation)));
    }
}
