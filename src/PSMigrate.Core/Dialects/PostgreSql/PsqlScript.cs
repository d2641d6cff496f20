using System.Text;
using System.Text.RegularExpressions;
using PSMigrate.Sql;

namespace PSMigrate.Dialects.PostgreSql;

/// <summary>A <c>COPY ... FROM stdin</c> statement and the data lines psql sends it, up to <c>\.</c>.</summary>
internal sealed record CopyIn(SqlStatement Statement, string Data);

/// <summary>
/// A script as psql runs it and pg_dump writes it: SQL statements; <c>COPY ... FROM stdin;</c>
/// followed by its rows up to a line <c>\.</c>; and psql's own backslash commands between
/// statements. <c>\restrict</c>/<c>\unrestrict</c> (current pg_dump's guard against a dump
/// smuggling commands into psql) and the commands that only shape psql's output are passed over;
/// any other one (<c>\connect</c>, <c>\i</c>, ...) would need psql itself, so it is an error naming its line.
/// </summary>
internal static partial class PsqlScript
{
    private static readonly HashSet<string> OutputOnly = new(StringComparer.Ordinal)
        { "restrict", "unrestrict", "set", "unset", "pset", "echo", "qecho", "encoding", "timing", "a", "t", "x", "o" };

    /// <summary>pg_dump writes each COPY on one line of its own.</summary>
    [GeneratedRegex(@"^\s*COPY\s+.+\s+FROM\s+stdin\s*;\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex CopyFromStdin();

    /// <summary>The script's statements in order: each either SQL (left) or a COPY with its rows (right).</summary>
    public static IEnumerable<(SqlStatement? Sql, CopyIn? Copy)> Read(string text, string path, SplitterRules lexer)
    {
        var lines = text.Split('\n');
        var segment = new StringBuilder();
        var segmentLine = 1;
        // Whether the SQL so far ends a statement: psql only reads a backslash command or a COPY's
        // rows there, and pg_dump writes them only there. Comment and blank lines do not change it.
        var closed = true;

        IEnumerable<(SqlStatement?, CopyIn?)> Flush(int nextLine)
        {
            var chunk = segment.ToString();
            segment.Clear();
            var from = segmentLine;
            segmentLine = nextLine;
            return StatementSplitter.Split(new SqlChunk(chunk, from, false), lexer, path).Select(s => ((SqlStatement?)s, (CopyIn?)null));
        }

        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var number = i + 1;
            if (closed && line.StartsWith('\\'))
            {
                foreach (var statement in Flush(number + 1)) yield return statement;
                var command = new string(line.Skip(1).TakeWhile(char.IsAsciiLetter).ToArray());
                if (!OutputOnly.Contains(command))
                    throw new MigrationException(ErrorIds.SchemaFileFailed,
                        $"{path}:{number}: psql's \\{command} cannot run here: only SQL, COPY ... FROM stdin and psql's output settings load without psql itself")
                        { FilePath = path, Line = number, Kind = ErrorKind.InvalidData };
                continue;
            }
            if (closed && CopyFromStdin().IsMatch(line))
            {
                foreach (var statement in Flush(number)) yield return statement;
                var rows = new StringBuilder();
                var end = i + 1;
                while (end < lines.Length && lines[end].TrimEnd('\r') != "\\.") rows.Append(lines[end++].TrimEnd('\r')).Append('\n');
                if (end >= lines.Length)
                    throw new MigrationException(ErrorIds.SchemaFileFailed, $"{path}:{number}: the rows of this COPY never end (no line '\\.')")
                        { FilePath = path, Line = number, Kind = ErrorKind.InvalidData };
                yield return (null, new CopyIn(new SqlStatement(line.Trim().TrimEnd(';'), number, File: path), rows.ToString()));
                i = end;
                segmentLine = end + 2;
                continue;
            }
            segment.Append(line).Append('\n');
            var code = line.Trim();
            if (code.Length > 0 && !code.StartsWith("--", StringComparison.Ordinal)) closed = code.EndsWith(';');
        }
        foreach (var statement in Flush(lines.Length + 1)) yield return statement;
    }
}
