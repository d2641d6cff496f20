using System.Text.RegularExpressions;
using PSMigrate.Dialects;

namespace PSMigrate.Files.Formats;

/// <summary>
/// How a folder's migration files are written: PSMigrate's own revision files, or another tool's
/// folder read as it is (golang-migrate, Flyway, goose, dbmate, popx, or plain name-ordered
/// files). Chosen by "format" in psmigrate.json, or detected from the file names and markers
/// when only one format fits.
/// </summary>
internal static partial class FolderFormat
{
    public const string Native = "psmigrate";
    public static readonly IReadOnlyList<string> Names = [Native, "golang-migrate", "flyway", "goose", "dbmate", "popx", "plain"];

    [GeneratedRegex(@"^(?<version>\d+)_(?<name>[^.]*)\.(?<direction>up|down)\.sql$", RegexOptions.IgnoreCase)]
    private static partial Regex GolangMigrateName();
    [GeneratedRegex(@"^(?<version>\d+)_(?<name>[^.]+)(\.(?<dialect>sqlite3|sqlite|postgres|mysql|cockroach))?(\.(?<autocommit>autocommit))?\.(?<direction>up|down)\.sql$", RegexOptions.IgnoreCase)]
    private static partial Regex PopxName();
    [GeneratedRegex(@"^(?<kind>[VU])(?<version>\d+([._]\d+)*)__(?<name>.+)\.sql$")]
    private static partial Regex FlywayName();
    [GeneratedRegex(@"^(?<version>\d+)_(?<name>.+)\.sql$")]
    private static partial Regex NumberedName();

    /// <summary>The revisions of the .sql files in <paramref name="files"/>, read as <paramref name="format"/>.</summary>
    public static IReadOnlyList<Revision> Read(string format, IReadOnlyList<string> files) => format switch
    {
        "golang-migrate" => Paired(files, GolangMigrateName(), popx: false),
        "popx" => Paired(files, PopxName(), popx: true),
        "flyway" => Flyway(files),
        "goose" => Marked(files, MarkedFile.Goose),
        "dbmate" => Marked(files, MarkedFile.Dbmate),
        "plain" => RevisionChain.Link(files.Select(f => new ForeignVersion(Path.GetFileNameWithoutExtension(f), Path.GetFileNameWithoutExtension(f), f,
            [ForeignSection.WholeFile(Direction.Upgrade, f)], Reversible: false)), StringComparer.Ordinal),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not another tool's format"),
    };

    /// <summary>
    /// The one format the files fit, or null when they fit none or several (PSMigrate's own files,
    /// recognised by their header, or a folder that needs "format" to say).
    /// </summary>
    public static string? Detect(IReadOnlyList<string> files)
    {
        if (files.Count == 0) return null;
        var names = files.Select(Path.GetFileName).ToList();
        if (names.All(n => PopxName().IsMatch(n!)) && names.Any(n => PopxName().Match(n!) is { } m && (m.Groups["dialect"].Success || m.Groups["autocommit"].Success)))
            return "popx";
        if (names.All(n => GolangMigrateName().IsMatch(n!))) return "golang-migrate";
        if (names.All(n => FlywayName().IsMatch(n!))) return "flyway";
        if (names.All(n => NumberedName().IsMatch(n!)))
        {
            var first = File.ReadLines(files[0]).Take(50).ToList();
            if (first.Any(l => MarkedFile.Goose.IsUp(l))) return "goose";
            if (first.Any(l => MarkedFile.Dbmate.IsUp(l))) return "dbmate";
        }
        return null;
    }

    /// <summary>golang-migrate's and popx's VERSION_name[.dialect][.autocommit].up|down.sql: a file per direction (and per dialect).</summary>
    private static IReadOnlyList<Revision> Paired(IReadOnlyList<string> files, Regex pattern, bool popx)
    {
        var parsed = files.Select(f => (File: f, Match: pattern.Match(Path.GetFileName(f)))).ToList();
        if (parsed.FirstOrDefault(p => !p.Match.Success) is { File: { } stray })
            throw NotOfFormat(stray, popx ? "popx" : "golang-migrate", popx ? "VERSION_name[.dialect][.autocommit].up.sql or .down.sql" : "VERSION_name.up.sql or VERSION_name.down.sql");
        return RevisionChain.Link(parsed.GroupBy(p => p.Match.Groups["version"].Value).Select(version =>
        {
            var sections = new List<ForeignSection>();
            foreach (var direction in new[] { Direction.Upgrade, Direction.Downgrade })
            {
                var mine = version.Where(p => p.Match.Groups["direction"].Value.Equals(direction == Direction.Upgrade ? "up" : "down", StringComparison.OrdinalIgnoreCase)).ToList();
                // A dialect's own file wins over the generic one, which serves the dialects left.
                var specific = mine.Where(p => p.Match.Groups["dialect"].Success).Select(p => (p.File, Dialect: Dialect(p.Match.Groups["dialect"].Value), p.Match)).Where(p => p.Dialect is not null).ToList();
                var taken = specific.Select(s => s.Dialect!.Value).ToHashSet();
                foreach (var (file, dialect, match) in specific)
                    sections.Add(ForeignSection.WholeFile(direction, file, new HashSet<DialectKind> { dialect!.Value }, match.Groups["autocommit"].Success));
                foreach (var generic in mine.Where(p => !p.Match.Groups["dialect"].Success))
                    sections.Add(ForeignSection.WholeFile(direction, generic.File,
                        taken.Count == 0 ? null : Enum.GetValues<DialectKind>().Except(taken).ToHashSet(), generic.Match.Groups["autocommit"].Success));
            }
            var main = version.OrderBy(p => p.File, StringComparer.Ordinal).First();
            return new ForeignVersion(version.Key, main.Match.Groups["name"].Value, main.File, sections,
                Reversible: version.Any(p => p.Match.Groups["direction"].Value.Equals("down", StringComparison.OrdinalIgnoreCase)));
        }));
    }

    /// <summary>popx's dialect names; cockroach is none of ours, so its files are left out.</summary>
    private static DialectKind? Dialect(string name) => name.ToLowerInvariant() switch
    {
        "sqlite3" or "sqlite" => DialectKind.Sqlite,
        "postgres" => DialectKind.PostgreSql,
        "mysql" => DialectKind.MySql,
        _ => null,
    };

    /// <summary>Flyway's V{version}__{description}.sql, with U{version}__… as its undo; versions compare part by part.</summary>
    private static IReadOnlyList<Revision> Flyway(IReadOnlyList<string> files)
    {
        if (files.FirstOrDefault(f => Path.GetFileName(f).StartsWith("R__", StringComparison.Ordinal)) is { } repeatable)
            throw new MigrationException(ErrorIds.InvalidRevisionFile,
                $"{repeatable}: Flyway's repeatable migrations (R__) are not read yet; only versioned (V) and undo (U) migrations are")
                { FilePath = repeatable, Kind = ErrorKind.InvalidData };
        var parsed = files.Select(f => (File: f, Match: FlywayName().Match(Path.GetFileName(f)))).ToList();
        if (parsed.FirstOrDefault(p => !p.Match.Success) is { File: { } stray })
            throw NotOfFormat(stray, "flyway", "V1__description.sql (and U1__description.sql to undo it)");
        var undo = parsed.Where(p => p.Match.Groups["kind"].Value == "U").ToDictionary(p => p.Match.Groups["version"].Value.Replace('_', '.'), p => p.File);
        return RevisionChain.Link(parsed.Where(p => p.Match.Groups["kind"].Value == "V").Select(p =>
        {
            var version = p.Match.Groups["version"].Value.Replace('_', '.');
            var sections = new List<ForeignSection> { ForeignSection.WholeFile(Direction.Upgrade, p.File) };
            if (undo.TryGetValue(version, out var down)) sections.Add(ForeignSection.WholeFile(Direction.Downgrade, down));
            return new ForeignVersion(version, p.Match.Groups["name"].Value, p.File, sections, Reversible: undo.ContainsKey(version));
        }));
    }

    /// <summary>goose's and dbmate's VERSION_name.sql, one file with up and down marked inside.</summary>
    private static IReadOnlyList<Revision> Marked(IReadOnlyList<string> files, MarkedFile markers) =>
        RevisionChain.Link(files.Select(file =>
        {
            var match = NumberedName().Match(Path.GetFileName(file));
            if (!match.Success) throw NotOfFormat(file, markers.Tool, "VERSION_name.sql");
            var sections = markers.Sections(file);
            return new ForeignVersion(match.Groups["version"].Value, match.Groups["name"].Value, file, sections,
                Reversible: sections.Any(s => s.Direction == Direction.Downgrade));
        }));

    private static MigrationException NotOfFormat(string file, string format, string expected) =>
        new(ErrorIds.InvalidRevisionFile, $"{file}: not a {format} migration file name (expected {expected})") { FilePath = file, Kind = ErrorKind.InvalidData };
}
