namespace PSMigrate.Sql;

/// <summary>
/// Splits section SQL on top-level semicolons, skipping quotes, quoted identifiers, comments
/// and PostgreSQL dollar quotes. Leading comments are dropped; a statement keeps the rest.
/// </summary>
internal static class StatementSplitter
{
    public static List<SqlStatement> Split(SqlChunk chunk, SplitterRules rules, string filePath)
    {
        if (chunk.IsCompound) return [new SqlStatement(chunk.Text.Trim(), chunk.Line, IsCompound: true)];

        var text = chunk.Text;
        var result = new List<SqlStatement>();
        var line = chunk.Line;
        var start = -1; // first character of the statement that is not blank or comment
        var startLine = line;

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n') { line++; continue; }
            if (char.IsWhiteSpace(c)) continue;

            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            if (c == '-' && next == '-' || c == '#' && rules.HashComments)
            {
                while (i + 1 < text.Length && text[i + 1] != '\n') i++;
                continue;
            }
            if (c == '/' && next == '*')
            {
                i = SkipBlockComment(text, i, ref line, rules, filePath);
                continue;
            }
            if (c == ';')
            {
                if (start >= 0) result.Add(new SqlStatement(text[start..i].TrimEnd(), startLine));
                start = -1;
                continue;
            }

            if (start < 0) { start = i; startLine = line; }
            var openLine = line;
            switch (c)
            {
                case '\'':
                    var backslash = rules.BackslashEscapes || (rules.DollarQuotes && IsEscapeStringPrefix(text, i));
                    i = SkipQuoted(text, i, '\'', backslash, ref line, filePath, openLine, "string");
                    break;
                case '"':
                    i = SkipQuoted(text, i, '"', rules.BackslashEscapes, ref line, filePath, openLine, "quoted identifier");
                    break;
                case '`' when rules.Backticks:
                    i = SkipQuoted(text, i, '`', false, ref line, filePath, openLine, "quoted identifier");
                    break;
                case '[' when rules.Brackets:
                    i = SkipUntil(text, i, "]", ref line, filePath, openLine, "bracketed identifier");
                    break;
                case '$' when rules.DollarQuotes && DollarTag(text, i) is { } tag:
                    i = SkipUntil(text, i + tag.Length - 1, tag, ref line, filePath, openLine, $"dollar-quoted string {tag}");
                    break;
            }
        }
        if (start >= 0 && text[start..].Trim().Length > 0)
            result.Add(new SqlStatement(text[start..].TrimEnd(), startLine));
        return result;
    }

    // E'...' in PostgreSQL takes backslash escapes; the E must not end a longer identifier.
    private static bool IsEscapeStringPrefix(string text, int quote) =>
        quote > 0 && (text[quote - 1] is 'E' or 'e') && (quote < 2 || !IsIdentifierChar(text[quote - 2]));

    private static string? DollarTag(string text, int i)
    {
        if (i > 0 && IsIdentifierChar(text[i - 1])) return null; // $ inside an identifier such as a$b
        var j = i + 1;
        if (j < text.Length && char.IsAsciiDigit(text[j])) return null; // $1 is a parameter
        while (j < text.Length && IsIdentifierChar(text[j]) && text[j] != '$') j++;
        return j < text.Length && text[j] == '$' ? text[i..(j + 1)] : null;
    }

    private static bool IsIdentifierChar(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '$';

    private static int SkipQuoted(string text, int open, char quote, bool backslash, ref int line,
        string filePath, int openLine, string what)
    {
        for (var i = open + 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n') line++;
            else if (backslash && c == '\\') { if (i + 1 < text.Length && text[i + 1] == '\n') line++; i++; }
            else if (c == quote)
            {
                if (i + 1 < text.Length && text[i + 1] == quote) { i++; continue; }
                return i;
            }
        }
        throw Unterminated(filePath, openLine, what);
    }

    private static int SkipUntil(string text, int open, string close, ref int line, string filePath, int openLine, string what)
    {
        var end = text.IndexOf(close, open + 1, StringComparison.Ordinal);
        if (end < 0) throw Unterminated(filePath, openLine, what);
        line += CountLines(text, open, end + close.Length);
        return end + close.Length - 1;
    }

    private static int SkipBlockComment(string text, int open, ref int line, SplitterRules rules, string filePath)
    {
        var openLine = line;
        var depth = 0;
        for (var i = open; i < text.Length - 1; i++)
        {
            if (text[i] == '\n') line++;
            else if (text[i] == '/' && text[i + 1] == '*' && (depth == 0 || rules.NestedBlockComments)) { depth++; i++; }
            else if (text[i] == '*' && text[i + 1] == '/') { depth--; i++; if (depth == 0) return i; }
        }
        throw Unterminated(filePath, openLine, "block comment");
    }

    private static int CountLines(string text, int from, int to)
    {
        var count = 0;
        for (var i = from; i < to; i++) if (text[i] == '\n') count++;
        return count;
    }

    private static MigrationException Unterminated(string filePath, int line, string what) =>
        new(ErrorIds.UnterminatedSql, $"{filePath}:{line}: {what} is never closed") { FilePath = filePath, Line = line };
}
