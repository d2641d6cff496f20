using System.Text;

namespace PSMigrate.Schema;

/// <summary>
/// The little SQL reading the schema model needs where a database keeps only the text it was
/// given (SQLite's CREATE statements): whitespace normalized outside quotes, top-level splits,
/// and the balanced parenthesis after a position.
/// </summary>
internal static class SqlText
{
    /// <summary>Whitespace runs become one space outside quotes, spaces around parentheses and commas go, no trailing semicolon.</summary>
    public static string Normalize(string sql)
    {
        var text = new StringBuilder(sql.Length);
        char? quote = null;
        var pendingSpace = false;
        foreach (var c in sql.Trim().TrimEnd(';').Trim())
        {
            if (quote is not null)
            {
                text.Append(c);
                if (c == quote) quote = null;
                continue;
            }
            if (char.IsWhiteSpace(c)) { pendingSpace = text.Length > 0; continue; }
            if (pendingSpace && !(c is ')' or ',') && !(text[^1] is '(')) text.Append(' ');
            pendingSpace = false;
            if (c is '\'' or '"' or '`' or '[') quote = c == '[' ? ']' : c;
            text.Append(c);
        }
        return text.ToString();
    }

    /// <summary>Splits on commas outside parentheses and quotes.</summary>
    public static List<string> SplitTopLevel(string body)
    {
        var parts = new List<string>();
        var depth = 0;
        char? quote = null;
        var start = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (quote is not null) { if (c == quote) quote = null; continue; }
            switch (c)
            {
                case '\'' or '"' or '`': quote = c; break;
                case '[': quote = ']'; break;
                case '(': depth++; break;
                case ')': depth--; break;
                case ',' when depth == 0:
                    parts.Add(body[start..i].Trim());
                    start = i + 1;
                    break;
            }
        }
        parts.Add(body[start..].Trim());
        return parts.Where(p => p.Length > 0).ToList();
    }

    /// <summary>The text inside the parenthesis that opens at or after <paramref name="from"/>, and the index after it closes.</summary>
    public static (string Inner, int End)? Parenthesized(string sql, int from)
    {
        var open = sql.IndexOf('(', from);
        if (open < 0) return null;
        var depth = 0;
        char? quote = null;
        for (var i = open; i < sql.Length; i++)
        {
            var c = sql[i];
            if (quote is not null) { if (c == quote) quote = null; continue; }
            if (c is '\'' or '"' or '`') quote = c;
            else if (c == '[') quote = ']';
            else if (c == '(') depth++;
            else if (c == ')' && --depth == 0) return (sql[(open + 1)..i], i + 1);
        }
        return null;
    }

    /// <summary>An identifier as written, without its quotes.</summary>
    public static string Unquote(string name) =>
        name.Length >= 2 && (name[0] is '"' or '`' && name[^1] == name[0] || name[0] == '[' && name[^1] == ']') ? name[1..^1] : name;

    /// <summary>The first token of a definition: a quoted identifier whole, or up to whitespace or '('.</summary>
    public static (string Token, string After) FirstToken(string text)
    {
        text = text.TrimStart();
        if (text.Length == 0) return ("", "");
        var close = text[0] switch { '"' => '"', '`' => '`', '[' => ']', _ => '\0' };
        var end = close == '\0'
            ? text.IndexOfAny([' ', '\t', '\n', '\r', '('])
            : text.IndexOf(close, 1) + 1;
        if (end <= 0) end = text.Length;
        return (text[..end], text[end..].TrimStart());
    }

    public static bool StartsWithWord(string text, string word) =>
        text.StartsWith(word, StringComparison.OrdinalIgnoreCase) && (text.Length == word.Length || !char.IsLetterOrDigit(text[word.Length]) && text[word.Length] != '_');

    /// <summary>
    /// Whether <paramref name="name"/> appears in <paramref name="text"/> as a whole word, quoted or not
    /// (a view naming a table, as the database prints the view). A word that merely contains it does not count.
    /// </summary>
    public static bool MentionsWord(string text, string name) =>
        System.Text.RegularExpressions.Regex.IsMatch(text, $@"(?<![\w$]){System.Text.RegularExpressions.Regex.Escape(name)}(?![\w$])",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    /// <summary>Where <paramref name="word"/> stands as a whole word outside quotes and parentheses, or -1.</summary>
    public static int IndexOfWord(string text, string word, int from = 0)
    {
        var depth = 0;
        char? quote = null;
        for (var i = from; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is not null) { if (c == quote) quote = null; continue; }
            if (c is '\'' or '"' or '`') { quote = c; continue; }
            if (c == '[') { quote = ']'; continue; }
            if (c == '(') { depth++; continue; }
            if (c == ')') { depth--; continue; }
            if (depth == 0 && (i == 0 || !char.IsLetterOrDigit(text[i - 1]) && text[i - 1] != '_') && StartsWithWord(text[i..], word)) return i;
        }
        return -1;
    }
}
