using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PSMigrate.Dialects;
using PSMigrate.Sql;

namespace PSMigrate.Files;

/// <summary>Reads one revision file (docs/design.md §3). Every error names the file and the line.</summary>
internal static partial class RevisionParser
{
    public static readonly IReadOnlySet<string> ReservedWords =
        new HashSet<string>(StringComparer.Ordinal) { "head", "heads", "base", "current" };

    [GeneratedRegex(@"^[A-Za-z0-9_]{1,64}$")]
    public static partial Regex RevisionIdPattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]{0,63}$")]
    public static partial Regex BranchLabelPattern();

    public static Revision ParseFile(string path) => ParseBytes(RevisionFileReader.Read(path), path);

    /// <summary>A revision from its bytes (a file's, or an embedded resource's), checked to be UTF-8 text.</summary>
    public static Revision ParseBytes(ReadOnlySpan<byte> bytes, string path)
    {
        if (bytes.StartsWith(Utf8Bom)) bytes = bytes[3..];
        CheckText(bytes, path);
        return Parse(Encoding.UTF8.GetString(bytes), path);
    }

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>
    /// A revision is UTF-8 text. Anything else is named for what it is, at the line where it goes
    /// wrong, instead of being read into replacement characters (a Latin-1 'é' would reach the
    /// database as U+FFFD) or handed to a driver that stops at a NUL byte.
    /// </summary>
    private static void CheckText(ReadOnlySpan<byte> bytes, string path)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            throw Error(path, 1, "the file is UTF-16; revision files are UTF-8 (save it as UTF-8)");
        if (bytes.IndexOf((byte)0) is var nul and >= 0)
            throw Error(path, LineAt(bytes, nul), "the file holds a NUL byte: revision files are UTF-8 text (is it binary, or UTF-16 without a BOM?)");
        if (System.Text.Unicode.Utf8.IsValid(bytes)) return;
        System.Text.Unicode.Utf8.ToUtf16(bytes, new char[bytes.Length], out var valid, out _, replaceInvalidSequences: false);
        throw Error(path, LineAt(bytes, valid), "the file is not valid UTF-8 (saved as Latin-1 or Windows-1252?); save it as UTF-8");
    }

    private static int LineAt(ReadOnlySpan<byte> bytes, int offset) => bytes[..offset].Count((byte)'\n') + 1;

    public static Revision Parse(string text, string path)
    {
        var normalized = Normalize(text);
        var lines = new Lines(normalized);
        var header = new Dictionary<string, (string Value, int Line)>(StringComparer.OrdinalIgnoreCase);

        while (!lines.AtEnd && lines.Current.Trim().IsEmpty) lines.Next();
        var headerStart = lines.Number - 1;
        for (; !lines.AtEnd; lines.Next())
        {
            var line = lines.Current.Trim();
            if (IsMarker(line, out _, out _) || !IsHeader(line, out var keySpan, out var valueSpan)) break;
            var key = keySpan.ToString();
            if (!HeaderKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
                throw Error(path, lines.Number, $"unknown header key '{MigrationException.Echo(key)}' (expected one of: {string.Join(", ", HeaderKeys)})");
            if (header.ContainsKey(key))
                throw Error(path, lines.Number, $"header key '{key}' appears twice");
            header[key] = (valueSpan.Trim().ToString(), lines.Number);
        }

        if (!header.TryGetValue("Revision", out var idEntry))
            throw Error(path, headerStart + 1, "missing '-- Revision: <id>' header line");
        var id = idEntry.Value;
        CheckId(id, path, idEntry.Line, "Revision");

        var revises = List(header, "Revises", path, (v, l) => CheckId(v, path, l, "Revises"));
        var dependsOn = List(header, "Depends-On", path, (v, l) => CheckReference(v, path, l));
        var labels = List(header, "Branch-Labels", path, (v, l) =>
        {
            if (!BranchLabelPattern().IsMatch(v) || ReservedWords.Contains(v))
                throw Error(path, l, $"branch label '{MigrationException.Echo(v)}' must be a letter or '_' followed by letters, digits or '_', and not a reserved word");
        });

        DateTimeOffset? created = null;
        if (header.TryGetValue("Created", out var c) && c.Value.Length > 0)
        {
            if (!DateTimeOffset.TryParse(c.Value, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var when))
                throw Error(path, c.Line, $"Created '{MigrationException.Echo(c.Value)}' is not an ISO-8601 timestamp such as 2026-11-22T10:15:00Z");
            created = when;
        }

        var transaction = RevisionTransaction.PerRevision;
        if (header.TryGetValue("Transaction", out var t))
        {
            transaction = t.Value.ToLowerInvariant() switch
            {
                "per-revision" => RevisionTransaction.PerRevision,
                "none" => RevisionTransaction.None,
                _ => throw Error(path, t.Line, $"Transaction '{MigrationException.Echo(t.Value)}' must be 'per-revision' or 'none'"),
            };
        }

        var message = header.TryGetValue("Message", out var msg) && msg.Value.Length > 0 ? msg.Value : null;
        var sections = ParseBody(ref lines, path);
        return new Revision(id, revises, dependsOn, labels, message, created, transaction, sections, path, normalized);
    }

    /// <summary>SHA-256 of the text with line endings normalised to \n, lowercase hex.</summary>
    public static string Checksum(string normalizedText) =>
        Convert.ToHexString(Sha256.Hash(Encoding.UTF8.GetBytes(normalizedText))).ToLowerInvariant();

    public static string Normalize(string text)
    {
        text = text.TrimStart('\uFEFF');
        return text.Contains('\r') ? text.Replace("\r\n", "\n").Replace('\r', '\n') : text;
    }

    private static readonly string[] HeaderKeys =
        ["Revision", "Revises", "Message", "Created", "Branch-Labels", "Depends-On", "Transaction"];

    private static IReadOnlyList<ScriptSection> ParseBody(ref Lines lines, string path)
    {
        var sections = new List<ScriptSection>();
        SectionBuilder? current = null;
        int? blockStart = null;
        var blockFrom = 0;

        for (; !lines.AtEnd; lines.Next())
        {
            var trimmed = lines.Current.Trim();
            if (IsMarker(trimmed, out var nameSpan, out var restSpan))
            {
                var name = nameSpan.ToString().ToLowerInvariant();
                var rest = restSpan.ToString();
                var number = lines.Number;
                switch (name)
                {
                    case "upgrade" or "downgrade":
                        if (blockStart is not null)
                            throw Error(path, number, $"'-- +{name}' inside the statement block opened at line {blockStart}");
                        if (current is not null) sections.Add(current.Build());
                        var direction = name == "upgrade" ? Direction.Upgrade : Direction.Downgrade;
                        var (dialects, autocommit, guard) = ParseSectionOptions(rest, path, number);
                        current = new SectionBuilder(lines.Text, direction, dialects, autocommit, guard, number);
                        continue;
                    case "statement-begin":
                        if (current is null) throw Error(path, number, "'-- +statement-begin' before any '-- +upgrade' or '-- +downgrade' section");
                        if (blockStart is not null) throw Error(path, number, $"'-- +statement-begin' inside the block opened at line {blockStart}");
                        if (rest.Trim().Length > 0) throw Error(path, number, "'-- +statement-begin' takes no options");
                        current.FlushText();
                        blockStart = number;
                        blockFrom = lines.NextStart;
                        continue;
                    case "statement-end":
                        if (blockStart is null) throw Error(path, number, "'-- +statement-end' without '-- +statement-begin'");
                        current!.AddCompound(lines.Text[blockFrom..lines.Start], blockStart.Value + 1);
                        blockStart = null;
                        continue;
                    default:
                        throw Error(path, number, $"unknown marker '-- +{nameSpan}' (expected +upgrade, +downgrade, +statement-begin or +statement-end)");
                }
            }

            if (blockStart is not null) continue;
            if (current is null)
            {
                if (trimmed.IsEmpty || trimmed.StartsWith("--")) continue;
                throw Error(path, lines.Number, "SQL before the first '-- +upgrade' or '-- +downgrade' marker");
            }
            current.AddLine(lines.Start, lines.NextStart, lines.Number);
        }

        if (blockStart is not null)
            throw Error(path, blockStart.Value, "'-- +statement-begin' is never closed by '-- +statement-end'");
        if (current is not null) sections.Add(current.Build());
        return sections;
    }

    /// <summary>A header line: <c>-- Key: value</c>, with a key of letters and '-'.</summary>
    private static bool IsHeader(ReadOnlySpan<char> line, out ReadOnlySpan<char> key, out ReadOnlySpan<char> value)
    {
        key = value = default;
        if (!line.StartsWith("--")) return false;
        var rest = line[2..].TrimStart();
        var length = 0;
        while (length < rest.Length && (char.IsAsciiLetter(rest[length]) || (length > 0 && rest[length] == '-'))) length++;
        if (length == 0) return false;
        key = rest[..length];
        var after = rest[length..].TrimStart();
        if (after.IsEmpty || after[0] != ':') return false;
        value = after[1..];
        return true;
    }

    /// <summary>A marker line: <c>-- +name options</c>.</summary>
    private static bool IsMarker(ReadOnlySpan<char> line, out ReadOnlySpan<char> name, out ReadOnlySpan<char> rest)
    {
        name = rest = default;
        if (!line.StartsWith("--")) return false;
        var after = line[2..].TrimStart();
        if (after.IsEmpty || after[0] != '+') return false;
        after = after[1..];
        var length = 0;
        while (length < after.Length && (char.IsAsciiLetter(after[length]) || (length > 0 && after[length] == '-'))) length++;
        if (length == 0 || (length < after.Length && !char.IsWhiteSpace(after[length]) && after[length] != ',')) return false;
        name = after[..length];
        rest = after[length..];
        return true;
    }

    /// <summary>Walks the lines of a text without copying them; <see cref="Number"/> is 1-based.</summary>
    private ref struct Lines
    {
        public Lines(string text)
        {
            Text = text;
            Number = 1;
            Start = 0;
            Find();
        }

        public string Text { get; }
        public int Number { get; private set; }
        public int Start { get; private set; }
        public int NextStart { get; private set; }
        private int _end;

        public readonly bool AtEnd => Start > Text.Length || (Start == Text.Length && Text.Length > 0 && Text[^1] == '\n');
        public readonly ReadOnlySpan<char> Current => Text.AsSpan(Start, _end - Start);

        public void Next()
        {
            Start = NextStart;
            Number++;
            Find();
        }

        private void Find()
        {
            if (Start >= Text.Length) { _end = Start; NextStart = Text.Length + 1; return; }
            var newline = Text.IndexOf('\n', Start);
            _end = newline < 0 ? Text.Length : newline;
            NextStart = newline < 0 ? Text.Length + 1 : newline + 1;
        }
    }

    private static (IReadOnlySet<DialectKind>? Dialects, bool Autocommit, TableGuard? Guard) ParseSectionOptions(string rest, string path, int line)
    {
        HashSet<DialectKind>? dialects = null;
        var autocommit = false;
        TableGuard? guard = null;
        var words = rest.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < words.Length; i++)
        {
            var word = words[i];
            if (word.Equals("autocommit", StringComparison.OrdinalIgnoreCase)) { autocommit = true; continue; }
            if (word.ToLowerInvariant() is "if-table-exists" or "if-table-missing")
            {
                if (guard is not null) throw Error(path, line, "a section takes one if-table-exists or if-table-missing");
                if (i + 1 >= words.Length || !TableNamePattern().IsMatch(words[i + 1]))
                    throw Error(path, line, $"'{word}' needs the table it asks about, such as '{word.ToLowerInvariant()} runs' (schema.table is allowed)");
                guard = new TableGuard(words[++i], word.Equals("if-table-exists", StringComparison.OrdinalIgnoreCase));
                continue;
            }
            var dialect = DialectNames.Parse(word)
                ?? throw Error(path, line, $"unknown section option '{MigrationException.Echo(word)}' (expected {DialectNames.Expected}, autocommit, if-table-exists TABLE or if-table-missing TABLE)");
            (dialects ??= []).Add(dialect);
        }
        return (dialects, autocommit, guard);
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*)?$")]
    private static partial Regex TableNamePattern();

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
            throw Error(path, line, $"{key} '{MigrationException.Echo(value)}' is not a revision id (1 to 64 letters, digits or '_')");
        if (ReservedWords.Contains(value))
            throw Error(path, line, $"{key} '{value}' is a reserved word and cannot be a revision id");
    }

    private static void CheckReference(string value, string path, int line)
    {
        if (!RevisionIdPattern().IsMatch(value))
            throw Error(path, line, $"Depends-On '{MigrationException.Echo(value)}' is not a revision id or branch label");
    }

    private static MigrationException Error(string path, int line, string message) =>
        new(ErrorIds.InvalidRevisionFile, $"{path}:{line}: {message}") { FilePath = path, Line = line };

    /// <summary>Collects a section's chunks as slices of the file's text: consecutive plain lines form one chunk.</summary>
    private sealed class SectionBuilder(string text, Direction direction, IReadOnlySet<DialectKind>? dialects, bool autocommit, TableGuard? guard, int line)
    {
        private readonly List<SqlChunk> _chunks = [];
        private int _from = -1, _to, _textLine;

        public void AddLine(int start, int next, int lineNumber)
        {
            if (_from < 0) { _from = start; _textLine = lineNumber; }
            _to = Math.Min(next, text.Length);
        }

        public void FlushText()
        {
            if (_from >= 0)
            {
                var chunk = text[_from.._to];
                if (chunk.AsSpan().Trim().Length > 0) _chunks.Add(new SqlChunk(chunk, _textLine, IsCompound: false));
            }
            _from = -1;
        }

        public void AddCompound(string block, int firstLine)
        {
            var body = block.TrimEnd();
            if (body.EndsWith(';')) body = body[..^1].TrimEnd();
            if (body.Trim().Length > 0) _chunks.Add(new SqlChunk(body, firstLine, IsCompound: true));
        }

        public ScriptSection Build()
        {
            FlushText();
            return new ScriptSection(direction, dialects, autocommit, _chunks, line, guard);
        }
    }
}
