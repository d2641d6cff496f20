using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace PSMigrate.Scripts;

/// <summary>Reads one revision file (DESIGN §3). Every error names the file and the line.</summary>
public static partial class RevisionParser
{
    public static readonly IReadOnlySet<string> ReservedWords =
        new HashSet<string>(StringComparer.Ordinal) { "head", "heads", "base", "current" };

    [GeneratedRegex(@"^--\s*([A-Za-z][A-Za-z-]*)\s*:\s?(.*)$")]
    private static partial Regex HeaderLine();

    [GeneratedRegex(@"^--\s*\+([A-Za-z][A-Za-z-]*)\b(.*)$")]
    private static partial Regex MarkerLine();

    [GeneratedRegex(@"^[A-Za-z0-9_]{1,64}$")]
    public static partial Regex RevisionIdPattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]{0,63}$")]
    public static partial Regex BranchLabelPattern();

    public static Revision ParseFile(string path) => Parse(File.ReadAllText(path, Encoding.UTF8), path);

    public static Revision Parse(string text, string path)
    {
        var normalized = Normalize(text);
        var lines = normalized.Split('\n');
        var header = new Dictionary<string, (string Value, int Line)>(StringComparer.OrdinalIgnoreCase);

        var i = 0;
        while (i < lines.Length && lines[i].Trim().Length == 0) i++;
        var headerStart = i;
        for (; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (MarkerLine().IsMatch(line)) break;
            var m = HeaderLine().Match(line);
            if (!m.Success) break;
            var key = m.Groups[1].Value;
            if (!HeaderKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
                throw Error(path, i + 1, $"unknown header key '{key}' (expected one of: {string.Join(", ", HeaderKeys)})");
            if (header.ContainsKey(key))
                throw Error(path, i + 1, $"header key '{key}' appears twice");
            header[key] = (m.Groups[2].Value.Trim(), i + 1);
        }

        if (!header.TryGetValue("Revision", out var idEntry))
            throw Error(path, Math.Min(headerStart + 1, lines.Length), "missing '-- Revision: <id>' header line");
        var id = idEntry.Value;
        CheckId(id, path, idEntry.Line, "Revision");

        var revises = List(header, "Revises", path, (v, l) => CheckId(v, path, l, "Revises"));
        var dependsOn = List(header, "Depends-On", path, (v, l) => CheckReference(v, path, l));
        var labels = List(header, "Branch-Labels", path, (v, l) =>
        {
            if (!BranchLabelPattern().IsMatch(v) || ReservedWords.Contains(v))
                throw Error(path, l, $"branch label '{v}' must be a letter or '_' followed by letters, digits or '_', and not a reserved word");
        });

        DateTimeOffset? created = null;
        if (header.TryGetValue("Created", out var c) && c.Value.Length > 0)
        {
            if (!DateTimeOffset.TryParse(c.Value, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var when))
                throw Error(path, c.Line, $"Created '{c.Value}' is not an ISO-8601 timestamp such as 2026-11-22T10:15:00Z");
            created = when;
        }

        var transaction = RevisionTransaction.PerRevision;
        if (header.TryGetValue("Transaction", out var t))
        {
            transaction = t.Value.ToLowerInvariant() switch
            {
                "per-revision" => RevisionTransaction.PerRevision,
                "none" => RevisionTransaction.None,
                _ => throw Error(path, t.Line, $"Transaction '{t.Value}' must be 'per-revision' or 'none'"),
            };
        }

        var message = header.TryGetValue("Message", out var msg) && msg.Value.Length > 0 ? msg.Value : null;
        var sections = ParseBody(lines, i, path);
        return new Revision(id, revises, dependsOn, labels, message, created, transaction, sections, path, Checksum(normalized));
    }

    /// <summary>SHA-256 of the text with line endings normalised to \n, lowercase hex.</summary>
    public static string Checksum(string normalizedText) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(normalizedText))).ToLowerInvariant();

    public static string Normalize(string text) =>
        text.TrimStart('\uFEFF').Replace("\r\n", "\n").Replace('\r', '\n');

    private static readonly string[] HeaderKeys =
        ["Revision", "Revises", "Message", "Created", "Branch-Labels", "Depends-On", "Transaction"];

    private static IReadOnlyList<ScriptSection> ParseBody(string[] lines, int start, string path)
    {
        var sections = new List<ScriptSection>();
        SectionBuilder? current = null;
        int? blockStart = null;
        var block = new StringBuilder();

        for (var i = start; i < lines.Length; i++)
        {
            var raw = lines[i];
            var trimmed = raw.Trim();
            var marker = MarkerLine().Match(trimmed);
            if (marker.Success)
            {
                var name = marker.Groups[1].Value.ToLowerInvariant();
                var rest = marker.Groups[2].Value;
                switch (name)
                {
                    case "upgrade" or "downgrade":
                        if (blockStart is not null)
                            throw Error(path, i + 1, $"'-- +{name}' inside the statement block opened at line {blockStart}");
                        if (current is not null) sections.Add(current.Build());
                        var direction = name == "upgrade" ? Direction.Upgrade : Direction.Downgrade;
                        var (dialects, autocommit) = ParseSectionOptions(rest, path, i + 1);
                        current = new SectionBuilder(direction, dialects, autocommit, i + 1);
                        continue;
                    case "statement-begin":
                        if (current is null) throw Error(path, i + 1, "'-- +statement-begin' before any '-- +upgrade' or '-- +downgrade' section");
                        if (blockStart is not null) throw Error(path, i + 1, $"'-- +statement-begin' inside the block opened at line {blockStart}");
                        if (rest.Trim().Length > 0) throw Error(path, i + 1, "'-- +statement-begin' takes no options");
                        current.FlushText();
                        blockStart = i + 1;
                        block.Clear();
                        continue;
                    case "statement-end":
                        if (blockStart is null) throw Error(path, i + 1, "'-- +statement-end' without '-- +statement-begin'");
                        current!.AddCompound(block.ToString(), blockStart.Value + 1);
                        blockStart = null;
                        continue;
                    default:
                        throw Error(path, i + 1, $"unknown marker '-- +{marker.Groups[1].Value}' (expected +upgrade, +downgrade, +statement-begin or +statement-end)");
                }
            }

            if (blockStart is not null) { block.Append(raw).Append('\n'); continue; }
            if (current is null)
            {
                if (trimmed.Length == 0 || trimmed.StartsWith("--", StringComparison.Ordinal)) continue;
                throw Error(path, i + 1, "SQL before the first '-- +upgrade' or '-- +downgrade' marker");
            }
            current.AddLine(raw, i + 1);
        }

        if (blockStart is not null)
            throw Error(path, blockStart.Value, "'-- +statement-begin' is never closed by '-- +statement-end'");
        if (current is not null) sections.Add(current.Build());
        return sections;
    }

    private static (IReadOnlySet<DialectKind>? Dialects, bool Autocommit) ParseSectionOptions(string rest, string path, int line)
    {
        HashSet<DialectKind>? dialects = null;
        var autocommit = false;
        foreach (var word in rest.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries))
        {
            if (word.Equals("autocommit", StringComparison.OrdinalIgnoreCase)) { autocommit = true; continue; }
            var dialect = ParseDialect(word)
                ?? throw Error(path, line, $"unknown section option '{word}' (expected sqlite, postgresql, mysql or autocommit)");
            (dialects ??= []).Add(dialect);
        }
        return (dialects, autocommit);
    }

    public static DialectKind? ParseDialect(string word) => word.ToLowerInvariant() switch
    {
        "sqlite" => DialectKind.Sqlite,
        "postgresql" or "postgres" => DialectKind.PostgreSql,
        "mysql" or "mariadb" => DialectKind.MySql,
        _ => null,
    };

    private static IReadOnlyList<string> List(
        Dictionary<string, (string Value, int Line)> header, string key, string path, Action<string, int> check)
    {
        if (!header.TryGetValue(key, out var entry)) return [];
        var items = entry.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            check(item, entry.Line);
            if (!seen.Add(item)) throw Error(path, entry.Line, $"{key} names '{item}' twice");
        }
        return items;
    }

    private static void CheckId(string value, string path, int line, string key)
    {
        if (!RevisionIdPattern().IsMatch(value))
            throw Error(path, line, $"{key} '{value}' is not a revision id (1 to 64 letters, digits or '_')");
        if (ReservedWords.Contains(value))
            throw Error(path, line, $"{key} '{value}' is a reserved word and cannot be a revision id");
    }

    private static void CheckReference(string value, string path, int line)
    {
        if (!RevisionIdPattern().IsMatch(value))
            throw Error(path, line, $"Depends-On '{value}' is not a revision id or branch label");
    }

    private static MigrationException Error(string path, int line, string message) =>
        new(ErrorIds.InvalidRevisionFile, $"{path}:{line}: {message}") { FilePath = path, Line = line };

    private sealed class SectionBuilder(Direction direction, IReadOnlySet<DialectKind>? dialects, bool autocommit, int line)
    {
        private readonly List<SqlChunk> _chunks = [];
        private readonly StringBuilder _text = new();
        private int _textLine;

        public void AddLine(string raw, int lineNumber)
        {
            if (_text.Length == 0) _textLine = lineNumber;
            _text.Append(raw).Append('\n');
        }

        public void FlushText()
        {
            if (_text.Length > 0 && _text.ToString().Trim().Length > 0)
                _chunks.Add(new SqlChunk(_text.ToString(), _textLine, IsCompound: false));
            _text.Clear();
        }

        public void AddCompound(string text, int firstLine)
        {
            var body = text.TrimEnd();
            if (body.EndsWith(';')) body = body[..^1].TrimEnd();
            if (body.Trim().Length > 0) _chunks.Add(new SqlChunk(body, firstLine, IsCompound: true));
        }

        public ScriptSection Build()
        {
            FlushText();
            return new ScriptSection(direction, dialects, autocommit, _chunks, line);
        }
    }
}
