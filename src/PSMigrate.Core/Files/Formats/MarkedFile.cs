using System.Text;
using System.Text.RegularExpressions;
using PSMigrate.Sql;

namespace PSMigrate.Files.Formats;

/// <summary>
/// A tool whose migration is one file with its up and down marked inside: goose's
/// <c>-- +goose Up</c> / <c>Down</c> with <c>StatementBegin</c> / <c>StatementEnd</c> around a body
/// that holds semicolons and <c>-- +goose NO TRANSACTION</c>, and dbmate's <c>-- migrate:up</c> /
/// <c>-- migrate:down</c> with <c>transaction:false</c>.
/// </summary>
internal sealed partial record MarkedFile(string Tool, Regex Up, Regex Down, Regex? StatementBegin, Regex? StatementEnd, Regex NoTransaction)
{
    public static readonly MarkedFile Goose = new("goose", GooseUp(), GooseDown(), GooseBegin(), GooseEnd(), GooseNoTransaction());
    public static readonly MarkedFile Dbmate = new("dbmate", DbmateUp(), DbmateDown(), null, null, DbmateNoTransaction());

    [GeneratedRegex(@"^\s*--\s*\+goose\s+Up\b", RegexOptions.IgnoreCase)] private static partial Regex GooseUp();
    [GeneratedRegex(@"^\s*--\s*\+goose\s+Down\b", RegexOptions.IgnoreCase)] private static partial Regex GooseDown();
    [GeneratedRegex(@"^\s*--\s*\+goose\s+StatementBegin\b", RegexOptions.IgnoreCase)] private static partial Regex GooseBegin();
    [GeneratedRegex(@"^\s*--\s*\+goose\s+StatementEnd\b", RegexOptions.IgnoreCase)] private static partial Regex GooseEnd();
    [GeneratedRegex(@"^\s*--\s*\+goose\s+NO\s+TRANSACTION\b", RegexOptions.IgnoreCase)] private static partial Regex GooseNoTransaction();
    [GeneratedRegex(@"^\s*--\s*migrate:up\b", RegexOptions.IgnoreCase)] private static partial Regex DbmateUp();
    [GeneratedRegex(@"^\s*--\s*migrate:down\b", RegexOptions.IgnoreCase)] private static partial Regex DbmateDown();
    [GeneratedRegex(@"^\s*--\s*migrate:(up|down)\b.*\btransaction:false\b", RegexOptions.IgnoreCase)] private static partial Regex DbmateNoTransaction();

    public bool IsUp(string line) => Up.IsMatch(line);

    /// <summary>The file's up and down sections, each statement with its line in the file.</summary>
    public IReadOnlyList<ForeignSection> Sections(string file)
    {
        var whole = RevisionParser.Normalize(File.ReadAllText(file));
        var lines = whole.Split('\n');
        // goose's NO TRANSACTION is for the whole file; dbmate's transaction:false for the section it stands on.
        var fileWide = StatementBegin is not null && lines.Any(NoTransaction.IsMatch);
        var sections = new List<ForeignSection>();
        Direction? direction = null;
        var autocommit = false;
        var chunks = new List<SqlChunk>();
        var text = new StringBuilder();
        int textLine = 0, compoundLine = 0;
        var inCompound = false;

        void FlushText()
        {
            if (text.ToString().Trim().Length > 0) chunks.Add(new SqlChunk(text.ToString(), textLine, false, file));
            text.Clear();
        }
        void FlushSection()
        {
            FlushText();
            if (direction is { } d) sections.Add(new ForeignSection(d, file, whole, [.. chunks], Autocommit: autocommit));
            chunks.Clear();
        }

        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var number = i + 1;
            if (Up.IsMatch(line) || Down.IsMatch(line))
            {
                if (inCompound) throw Error(file, number, $"a {(Up.IsMatch(line) ? "Up" : "Down")} marker inside a statement block that line {compoundLine} opened");
                FlushSection();
                direction = Up.IsMatch(line) ? Direction.Upgrade : Direction.Downgrade;
                autocommit = fileWide || NoTransaction.IsMatch(line);
                textLine = number + 1;
                continue;
            }
            if (StatementBegin?.IsMatch(line) == true)
            {
                FlushText();
                (inCompound, compoundLine, textLine) = (true, number, number + 1);
                continue;
            }
            if (StatementEnd?.IsMatch(line) == true)
            {
                if (!inCompound) throw Error(file, number, "StatementEnd without a StatementBegin before it");
                if (text.ToString().Trim().Length > 0) chunks.Add(new SqlChunk(text.ToString(), compoundLine + 1, true, file));
                text.Clear();
                (inCompound, textLine) = (false, number + 1);
                continue;
            }
            if (direction is null) continue; // before the first marker: comments and the like
            if (text.Length == 0 && line.Trim().Length == 0) { textLine = number + 1; continue; }
            text.Append(line).Append('\n');
        }
        if (inCompound) throw Error(file, compoundLine, "StatementBegin is never closed by StatementEnd");
        FlushSection();
        if (sections.All(s => s.Direction != Direction.Upgrade))
            throw Error(file, 1, $"no up marker ({(StatementBegin is null ? "-- migrate:up" : "-- +goose Up")})");
        return sections;
    }

    private static MigrationException Error(string file, int line, string message) =>
        new(ErrorIds.InvalidRevisionFile, $"{file}:{line}: {message}") { FilePath = file, Line = line, Kind = ErrorKind.InvalidData };
}
