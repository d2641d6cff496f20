namespace PSMigrate.Sql;

/// <summary>
/// Splits section SQL on top-level semicolons, skipping quotes, quoted identifiers, comments
/// and PostgreSQL dollar quotes. Leading comments are dropped; a statement keeps the rest.
/// On MySQL it reads scripts as the mysql client does: a stored program's BEGIN ... END body is
/// one statement, and a <c>DELIMITER</c> line changes what ends a statement until the next one.
/// </summary>
internal static partial class StatementSplitter
{
    /// <summary>The head of a MySQL statement whose body holds semicolons of its own: a stored program, or MariaDB's anonymous block.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(
        @"^(CREATE\s+(OR\s+REPLACE\s+)?(DEFINER\s*=\s*(\S+|`[^`]*`@`[^`]*`|'[^']*'@'[^']*')\s+)?(AGGREGATE\s+)?(PROCEDURE|FUNCTION|TRIGGER|EVENT)\b|BEGIN\s+NOT\s+ATOMIC\b)",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex StoredProgramHead();

    public static List<SqlStatement> Split(SqlChunk chunk, SplitterRules rules, string filePath)
    {
        if (chunk.IsCompound) return [new SqlStatement(chunk.Text.Trim(), chunk.Line, IsCompound: true, chunk.File)];
        filePath = chunk.File ?? filePath;

        var text = chunk.Text;
        var result = new List<SqlStatement>();
        var line = chunk.Line;
        var start = -1; // first character of the statement that is not blank or comment
        var startLine = line;
        var delimiter = ";";
        bool? storedProgram = null; // decided at the first BEGIN, CASE or END of a MySQL statement
        var depth = 0;

        void Add(int end)
        {
            var statement = text[start..end].TrimEnd();
            if (statement.Length > 0)
                result.Add(new SqlStatement(statement, startLine, IsCompound: storedProgram == true || delimiter != ";" && statement.Contains(';'), chunk.File));
            (start, storedProgram, depth) = (-1, null, 0);
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n') { line++; continue; }
            if (char.IsWhiteSpace(c)) continue;

            if (rules.DelimiterCommand && start < 0 && AtLineStart(text, i) && DelimiterLine(text, i) is { } command)
            {
                delimiter = command.Delimiter;
                i = command.End - 1;
                continue;
            }
            if (delimiter != ";" && depth == 0 && string.CompareOrdinal(text, i, delimiter, 0, delimiter.Length) == 0)
            {
                if (start >= 0) Add(i);
                i += delimiter.Length - 1;
                continue;
            }

            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            if (c == '-' && next == '-' || c == '#' && rules.HashComments)
            {
                while (i + 1 < text.Length && text[i + 1] != '\n') i++;
                continue;
            }
            if (c == '/' && next == '*')
            {
                if (rules.ExecutableComments && IsExecutableComment(text, i) && start < 0) { start = i; startLine = line; }
                i = SkipBlockComment(text, i, ref line, rules, filePath);
                continue;
            }
            if (c == ';' && delimiter == ";" && depth == 0)
            {
                if (start >= 0) Add(i);
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
                case var letter when rules.StoredProgramBodies && char.IsAsciiLetter(letter) && (i == 0 || !IsIdentifierChar(text[i - 1])):
                    var word = Word(text, i);
                    if (word.Equals("BEGIN", StringComparison.OrdinalIgnoreCase) || word.Equals("CASE", StringComparison.OrdinalIgnoreCase)
                        || word.Equals("END", StringComparison.OrdinalIgnoreCase))
                    {
                        storedProgram ??= StoredProgramHead().IsMatch(text.AsSpan(start));
                        if (storedProgram == true) depth += Nesting(word, Word(text, SkipBlanks(text, i + word.Length)));
                    }
                    i += word.Length - 1;
                    break;
            }
        }
        if (start >= 0 && text[start..].Trim().Length > 0) Add(text.Length);
        return result;
    }

    /// <summary>
    /// How a keyword of a stored program's body changes its nesting: BEGIN and CASE open (CASE as a
    /// statement or an expression), END and END CASE close; END IF, END LOOP, END WHILE and END
    /// REPEAT close constructs whose openers are not counted.
    /// </summary>
    private static int Nesting(string word, string next)
    {
        if (!word.Equals("END", StringComparison.OrdinalIgnoreCase)) return 1;
        return next.ToUpperInvariant() is "IF" or "LOOP" or "WHILE" or "REPEAT" ? 0 : -1;
    }

    private static string Word(string text, int i)
    {
        var end = i;
        while (end < text.Length && IsIdentifierChar(text[end])) end++;
        return text[i..end];
    }

    private static int SkipBlanks(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        return i;
    }

    private static bool IsExecutableComment(string text, int i) =>
        string.CompareOrdinal(text, i, "/*!", 0, 3) == 0 || string.CompareOrdinal(text, i, "/*M!", 0, 4) == 0;

    private static bool AtLineStart(string text, int i)
    {
        while (i > 0 && text[i - 1] is ' ' or '\t') i--;
        return i == 0 || text[i - 1] == '\n';
    }

    /// <summary>A mysql client <c>DELIMITER x</c> line at <paramref name="i"/>: the new delimiter and where the line ends.</summary>
    private static (string Delimiter, int End)? DelimiterLine(string text, int i)
    {
        if (!Word(text, i).Equals("DELIMITER", StringComparison.OrdinalIgnoreCase)) return null;
        var lineEnd = text.IndexOf('\n', i) is var n and >= 0 ? n : text.Length;
        var argument = text[(i + "DELIMITER".Length)..lineEnd].Trim();
        return argument.Length == 0 || argument.Contains(' ') ? null : (argument, lineEnd);
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
