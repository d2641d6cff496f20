using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace PSMigrate.Cli;

/// <summary>How each result prints: a table for people, JSON for machines.</summary>
internal sealed class Output(TextWriter stdout, bool json)
{
    public void Write<T>(T value) =>
        stdout.Write(JsonSerializer.Serialize(value, (JsonTypeInfo<T>)OutputJson.Default.GetTypeInfo(typeof(T))!) + "\n");

    public void Text(string text) => stdout.Write(text);

    public void Steps(IReadOnlyList<MigrationStepResult> steps)
    {
        if (json) { Write(steps); return; }
        if (steps.Count == 0) { stdout.Write("Nothing to do: the database is already there.\n"); return; }
        stdout.Write(TextTable.Render(["Revision", "Direction", "Status", "Duration", "Statements", "Message"],
            steps.Select(s => (IReadOnlyList<string>)[s.Revision, Lower(s.Direction), Lower(s.Status), Ms(s.Duration), Count(s.StatementCount), s.Message ?? ""])));
    }

    public void Status(MigrationStatus status)
    {
        if (json) { Write(status); return; }
        stdout.Write(TextTable.Render(["Database", "Current", "Heads", "Pending", "Dirty", "UpToDate"],
            [[status.Database, Ids(status.Current), Ids(status.Heads), Count(status.Pending.Count), YesNo(status.IsDirty), YesNo(status.IsUpToDate)]]));
        if (status.ServerVersion is not null) stdout.Write($"\nServer version: {status.ServerVersion}\n");
        if (status.DirtyReason is not null) stdout.Write($"\nDirty: {status.DirtyReason}\n");
        if (status.Modified.Count > 0) stdout.Write($"\nEdited since applied (checksum differs): {string.Join(", ", status.Modified)}\n");
        foreach (var b in status.OptionalBranches)
            stdout.Write($"\nOptional branch {b.Label} (head {string.Join(",", b.Heads)}): " +
                         (b.Pending.Count == 0 ? "applied" : $"{Count(b.Pending.Count)} pending ({string.Join(", ", b.Pending)}); psmigrate upgrade {b.Label}@head runs them") + "\n");
        foreach (var f in status.Failures)
            stdout.Write($"\nLast {f.Operation} of {f.Revision} failed at {Time(f.StartedAt)}{(f.RolledBack ? " (rolled back)" : "")}: {OneLine(f.Error)}\n");
    }

    /// <summary>The journal, newest first, each error on its row.</summary>
    public void Log(IReadOnlyList<MigrationLogEntry> entries)
    {
        if (json) { Write(entries); return; }
        if (entries.Count == 0) { stdout.Write("The journal is empty: nothing has run on this database.\n"); return; }
        stdout.Write(TextTable.Render(["Id", "Revision", "Operation", "Status", "Started (UTC)", "Duration", "By", "Error"],
            entries.Select(e => (IReadOnlyList<string>)[e.Id.ToString(CultureInfo.InvariantCulture), e.Revision, e.Operation,
                e.Status + (e.RolledBack ? " (rolled back)" : ""), Time(e.StartedAt), e.Duration is { } d ? Ms(d) : "",
                $"{e.AppliedBy}@{e.Host}", OneLine(e.Error)])));
    }

    /// <summary>Several databases' statuses, one row each.</summary>
    public void Statuses(IReadOnlyList<MigrationStatus> statuses)
    {
        if (json) { Write(statuses); return; }
        stdout.Write(TextTable.Render(["Database", "Current", "Heads", "Pending", "Dirty", "UpToDate"],
            statuses.Select(s => (IReadOnlyList<string>)[s.Database, Ids(s.Current), Ids(s.Heads), Count(s.Pending.Count), YesNo(s.IsDirty), YesNo(s.IsUpToDate)])));
    }

    /// <summary>One database of a fleet, as it finishes: a line for people (JSON waits for <see cref="Results"/>).</summary>
    public void Result(DatabaseResult r)
    {
        if (json) return;
        var outcome = r.Status switch
        {
            DatabaseOutcome.Succeeded => "ok",
            DatabaseOutcome.Failed => r.IsDirty ? "FAILED (dirty)" : "FAILED",
            _ => "skipped",
        };
        var moved = r.Status == DatabaseOutcome.Skipped ? "" : $"  {Ids(r.From)} -> {Ids(r.To)}  {r.Steps.Count(s => s.Status == StepStatus.Applied)} applied";
        var error = r.ErrorId is null ? r.Status == DatabaseOutcome.Skipped ? "  " + r.ErrorMessage : "" : "  " + r.ErrorId;
        stdout.Write($"{outcome,-14} {r.Database}  {r.FolderPath}{moved}  {Ms(r.Duration)}{error}\n");
    }

    /// <summary>Every database's result, in the order given: JSON only (the lines were written as each finished).</summary>
    public void Results(IReadOnlyList<DatabaseResult> results)
    {
        if (json) Write(results);
    }

    public static string Summary(IReadOnlyList<DatabaseResult> results, TimeSpan elapsed)
    {
        int Of(DatabaseOutcome o) => results.Count(r => r.Status == o);
        var dirty = results.Count(r => r.IsDirty);
        return $"{results.Count} database(s) in {elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s: " +
               $"{Of(DatabaseOutcome.Succeeded)} succeeded, {Of(DatabaseOutcome.Failed)} failed{(dirty > 0 ? $" ({dirty} dirty)" : "")}, {Of(DatabaseOutcome.Skipped)} skipped";
    }

    public void History(IReadOnlyList<MigrationHistoryEntry> entries)
    {
        if (json) { Write(entries); return; }
        var withState = entries.Any(e => e.IsApplied is not null);
        var failed = entries.Where(e => e.LastError is not null).ToList();
        IReadOnlyList<string> headers = withState
            ? ["Revision", "Revises", "Place", "Applied", "Created", "Message"]
            : ["Revision", "Revises", "Place", "Created", "Message"];
        stdout.Write(TextTable.Render(headers, entries.Select(e =>
        {
            var id = e.IsCurrent ? e.Revision + " (current)" : e.Revision;
            return (IReadOnlyList<string>)(withState
                ? [id, Ids(e.Revises), e.Place, e.LastError is null ? YesNo(e.IsApplied == true) : "failed", Date(e.Created), e.Message ?? ""]
                : [id, Ids(e.Revises), e.Place, Date(e.Created), e.Message ?? ""]);
        })));
        foreach (var e in failed) stdout.Write($"\nLast upgrade of {e.Revision} failed: {OneLine(e.LastError)}\n");
    }

    /// <summary>Schema differences, in the order a migration would make them; what the model does not cover is listed after.</summary>
    public void Differences(SchemaDiff diff)
    {
        if (json) { Write(diff); return; }
        if (!diff.HasDifferences) stdout.Write($"No differences between {diff.From} and {diff.To} ({diff.Dialect}).\n");
        else stdout.Write(TextTable.Render(["Change", "Description"], diff.Differences.Select(d => (IReadOnlyList<string>)[d.Kind, d.Description])));
        if (diff.Unmanaged.Count > 0) stdout.Write($"\nNot modelled (left alone): {string.Join(", ", diff.Unmanaged)}\n");
    }

    /// <summary>Check results, one line each, then how many passed and failed.</summary>
    public void Checks(IReadOnlyList<CheckResult> results)
    {
        if (json) { Write(results); return; }
        stdout.Write(TextTable.Render(["Check", "Revision", "Status", "Duration", "Message"],
            results.Select(r => (IReadOnlyList<string>)[r.Check + (r.Dialect.Length == 0 ? "" : $" ({r.Dialect})"), r.Revision ?? "", Lower(r.Status), Ms(r.Duration), r.Message])));
        int Of(CheckStatus s) => results.Count(r => r.Status == s);
        stdout.Write($"\n{Of(CheckStatus.Passed)} passed, {Of(CheckStatus.Failed)} failed, {Of(CheckStatus.Warning)} warnings, {Of(CheckStatus.Skipped)} skipped\n");
    }

    public void Revisions(IReadOnlyList<MigrationRevision> revisions)
    {
        if (json) { Write(revisions); return; }
        stdout.Write(TextTable.Render(["Revision", "Revises", "BranchLabels", "Message", "Path"],
            revisions.Select(r => (IReadOnlyList<string>)[r.Revision, Ids(r.Revises), string.Join(",", r.BranchLabels), r.Message ?? "", r.FilePath])));
    }

    public void Problems(IReadOnlyList<GraphProblem> problems)
    {
        if (json) { Write(problems); return; }
        if (problems.Count == 0) { stdout.Write("The revision graph has no problems.\n"); return; }
        stdout.Write(TextTable.Render(["Severity", "ErrorId", "Message"],
            problems.Select(p => (IReadOnlyList<string>)[Lower(p.Severity), p.ErrorId, p.Message])));
    }

    private static string Lower<T>(T value) where T : Enum => value.ToString().ToLowerInvariant();
    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";
    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
    private static string Ids(IReadOnlyList<string>? ids) => ids is null ? "?" : ids.Count == 0 ? "base" : string.Join(",", ids);
    private static string YesNo(bool b) => b ? "yes" : "no";
    private static string Time(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
    private static string OneLine(string? text) => text is null ? "" : string.Join(" ", text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
    private static string Date(DateTimeOffset? d) => d?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "";
}

/// <summary>
/// Every result the CLI writes as JSON, source-generated so the native psmigrate, compiled ahead of
/// time with no reflection over the results, writes the same text as the .NET tool.
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    Converters = [typeof(CamelCaseEnum<Direction>), typeof(CamelCaseEnum<StepStatus>), typeof(CamelCaseEnum<DatabaseOutcome>),
        typeof(CamelCaseEnum<CheckStatus>), typeof(CamelCaseEnum<ProblemSeverity>), typeof(CamelCaseEnum<ErrorKind>)])]
[JsonSerializable(typeof(IReadOnlyList<MigrationStepResult>))]
[JsonSerializable(typeof(MigrationStatus))]
[JsonSerializable(typeof(IReadOnlyList<MigrationStatus>))]
[JsonSerializable(typeof(IReadOnlyList<MigrationLogEntry>))]
[JsonSerializable(typeof(IReadOnlyList<DatabaseResult>))]
[JsonSerializable(typeof(IReadOnlyList<MigrationHistoryEntry>))]
[JsonSerializable(typeof(SchemaDiff))]
[JsonSerializable(typeof(IReadOnlyList<CheckResult>))]
[JsonSerializable(typeof(IReadOnlyList<MigrationRevision>))]
[JsonSerializable(typeof(IReadOnlyList<GraphProblem>))]
internal sealed partial class OutputJson : JsonSerializerContext;
