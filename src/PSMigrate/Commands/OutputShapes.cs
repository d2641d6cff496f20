using System.Collections.ObjectModel;
using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>
/// The objects the cmdlets write: the engine's results shaped for scripts. The engine's types
/// live in the module's private load context, where PowerShell cannot name them, and they carry
/// enums (numbers in ConvertTo-Json), a TimeSpan (fifteen fields) and arrays (System.String[] in
/// Export-Csv). Each shape keeps the engine type's name as its PSTypeName, so formatting and
/// [PSTypeName('PSMigrate.MigrationStepResult')] parameters see the same name as before.
/// </summary>
internal static class OutputShapes
{
    public static PSObject Step(MigrationStepResult r) => Shape("PSMigrate.MigrationStepResult",
        ("Revision", r.Revision), ("Message", r.Message), ("Direction", r.Direction.ToString()), ("Status", r.Status.ToString()),
        ("DurationMs", (long)Math.Round(r.Duration.TotalMilliseconds)), ("StatementCount", r.StatementCount), ("Error", r.Error),
        ("FilePath", r.FilePath), ("Database", r.Database));

    public static PSObject Result(DatabaseResult r) => Shape("PSMigrate.DatabaseResult",
        ("Database", r.Database), ("FolderPath", r.FolderPath), ("Status", r.Status.ToString()), ("From", r.From is null ? null : List(r.From)), ("To", r.To is null ? null : List(r.To)),
        ("Steps", r.Steps.Select(Step).ToArray()), ("ErrorId", r.ErrorId), ("ErrorMessage", r.ErrorMessage), ("IsDirty", r.IsDirty),
        ("DurationMs", (long)Math.Round(r.Duration.TotalMilliseconds)));

    public static PSObject Status(MigrationStatus s) => Shape("PSMigrate.MigrationStatus",
        ("Database", s.Database), ("FolderPath", s.FolderPath), ("ServerVersion", s.ServerVersion), ("Current", List(s.Current)),
        ("Heads", List(s.Heads)), ("Pending", List(s.Pending)), ("IsDirty", s.IsDirty), ("DirtyReason", s.DirtyReason),
        ("Modified", List(s.Modified)), ("IsUpToDate", s.IsUpToDate), ("Failures", s.Failures.Select(Log).ToArray()),
        ("OptionalBranches", s.OptionalBranches.Select(b => Shape("PSMigrate.OptionalBranchStatus", ("Label", b.Label), ("Heads", List(b.Heads)), ("Pending", List(b.Pending)))).ToArray()));

    public static PSObject Log(MigrationLogEntry e) => Shape("PSMigrate.MigrationLogEntry",
        ("Id", e.Id), ("Revision", e.Revision), ("Operation", e.Operation), ("Status", e.Status),
        ("StartedAt", e.StartedAt),
        ("DurationMs", e.Duration is { } d ? (long?)Math.Round(d.TotalMilliseconds) : null), ("AppliedBy", e.AppliedBy), ("Host", e.Host),
        ("ToolVersion", e.ToolVersion), ("Error", e.Error), ("RolledBack", e.RolledBack), ("Database", e.Database));

    public static PSObject Revision(MigrationRevision r) => Shape("PSMigrate.MigrationRevision",
        ("Revision", r.Revision), ("Revises", List(r.Revises)), ("Message", r.Message), ("Created", r.Created),
        ("BranchLabels", List(r.BranchLabels)), ("DependsOn", List(r.DependsOn)), ("IsHead", r.IsHead), ("IsReversible", r.IsReversible),
        ("FilePath", r.FilePath), ("FolderPath", r.FolderPath));

    public static PSObject History(MigrationHistoryEntry e) => Shape("PSMigrate.MigrationHistoryEntry",
        ("Revision", e.Revision), ("Revises", List(e.Revises)), ("Message", e.Message), ("Created", e.Created),
        ("BranchLabels", List(e.BranchLabels)), ("Place", e.Place), ("IsHead", e.IsHead), ("IsBase", e.IsBase),
        ("IsBranchPoint", e.IsBranchPoint), ("IsMergePoint", e.IsMergePoint), ("IsApplied", e.IsApplied), ("IsCurrent", e.IsCurrent),
        ("FilePath", e.FilePath), ("LastError", e.LastError), ("OptionalBranch", e.OptionalBranch));

    public static PSObject Difference(SchemaDifference d, SchemaDiff diff) => Shape("PSMigrate.SchemaDifference",
        ("Change", d.Kind), ("Description", d.Description), ("Dialect", diff.Dialect), ("From", diff.From), ("To", diff.To));

    public static PSObject Check(CheckResult c) => Shape("PSMigrate.CheckResult",
        ("Check", c.Check), ("Revision", c.Revision), ("Status", c.Status.ToString()), ("Message", c.Message),
        ("DurationMs", (long)Math.Round(c.Duration.TotalMilliseconds)), ("Dialect", c.Dialect));

    public static PSObject Problem(GraphProblem p) => Shape("PSMigrate.GraphProblem",
        ("Severity", p.Severity.ToString()), ("ErrorId", p.ErrorId), ("Message", p.Message), ("Files", List(p.Files)));

    private static TextList List(IReadOnlyList<string> items) => new(items);

    private static PSObject Shape(string typeName, params (string Name, object? Value)[] properties)
    {
        var shaped = new PSObject();
        shaped.TypeNames.Insert(0, typeName);
        foreach (var (name, value) in properties) shaped.Properties.Add(new PSNoteProperty(name, value));
        return shaped;
    }
}

/// <summary>A list of ids or paths: an array to JSON and to scripts, "a, b" to Export-Csv and ToString.</summary>
public sealed class TextList(IReadOnlyList<string> items) : ReadOnlyCollection<string>(items.ToList())
{
    public override string ToString() => string.Join(", ", this);
}
