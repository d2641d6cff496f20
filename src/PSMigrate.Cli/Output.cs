using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PSMigrate.Cli;

/// <summary>How each result prints: a table for people, JSON for machines.</summary>
internal sealed class Output(TextWriter stdout, bool json)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public void Write<T>(T value) => stdout.Write(JsonSerializer.Serialize(value, Json) + "\n");

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
    }

    public void History(IReadOnlyList<MigrationHistoryEntry> entries)
    {
        if (json) { Write(entries); return; }
        var withState = entries.Any(e => e.IsApplied is not null);
        IReadOnlyList<string> headers = withState
            ? ["Revision", "Revises", "Place", "Applied", "Created", "Message"]
            : ["Revision", "Revises", "Place", "Created", "Message"];
        stdout.Write(TextTable.Render(headers, entries.Select(e =>
        {
            var id = e.IsCurrent ? e.Revision + " (current)" : e.Revision;
            return (IReadOnlyList<string>)(withState
                ? [id, Ids(e.Revises), e.Place, YesNo(e.IsApplied == true), Date(e.Created), e.Message ?? ""]
                : [id, Ids(e.Revises), e.Place, Date(e.Created), e.Message ?? ""]);
        })));
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
    private static string Ids(IReadOnlyList<string> ids) => ids.Count == 0 ? "base" : string.Join(",", ids);
    private static string YesNo(bool b) => b ? "yes" : "no";
    private static string Date(DateTimeOffset? d) => d?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "";
}
