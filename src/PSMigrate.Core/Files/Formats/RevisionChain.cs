using System.Numerics;
using System.Text.RegularExpressions;
using PSMigrate.Dialects;
using PSMigrate.Sql;

namespace PSMigrate.Files.Formats;

/// <summary>
/// One file's SQL for one direction, for some dialects or all, outside a transaction or in one.
/// <see cref="FileText"/> is the whole file as read (line endings normalised), which the checksum covers.
/// </summary>
internal sealed record ForeignSection(Direction Direction, string File, string FileText, IReadOnlyList<SqlChunk> Chunks,
    IReadOnlySet<DialectKind>? Dialects = null, bool Autocommit = false)
{
    /// <summary>A whole file as one chunk of SQL (split later, by the dialect that runs it), read once.</summary>
    public static ForeignSection WholeFile(Direction direction, string file, IReadOnlySet<DialectKind>? dialects = null, bool autocommit = false)
    {
        var text = RevisionParser.Normalize(System.IO.File.ReadAllText(file));
        return new ForeignSection(direction, file, text, [new SqlChunk(text, 1, false, file)], dialects, autocommit);
    }
}

/// <summary>One version of another tool's folder: its version as the tool writes it, a description, and its sections.</summary>
internal sealed record ForeignVersion(string Version, string Description, string MainFile, IReadOnlyList<ForeignSection> Sections, bool Reversible);

/// <summary>
/// Another tool's versions as PSMigrate revisions: one linear chain in the tool's version order,
/// each revision's id the tool's own version (made an id: '.' becomes '_'), its checksum over
/// every file it was read from.
/// </summary>
internal static partial class RevisionChain
{
    [GeneratedRegex(@"[^A-Za-z0-9_]")]
    private static partial Regex NotIdCharacter();

    /// <param name="order">How versions sort: by default as numbers, part by part.</param>
    public static IReadOnlyList<Revision> Link(IEnumerable<ForeignVersion> versions, IComparer<string>? order = null)
    {
        order ??= VersionOrder.Instance;
        var ordered = versions.OrderBy(v => v.Version, order).ToList();
        var duplicate = ordered.Zip(ordered.Skip(1)).FirstOrDefault(p => order.Compare(p.First.Version, p.Second.Version) == 0);
        if (duplicate != default)
            throw new MigrationException(ErrorIds.DuplicateRevision,
                $"{duplicate.Second.MainFile}: version {duplicate.Second.Version} is also the version of {duplicate.First.MainFile}")
                { FilePath = duplicate.Second.MainFile, Kind = ErrorKind.InvalidData };
        var revisions = new List<Revision>();
        string? previous = null;
        foreach (var v in ordered)
        {
            var id = NotIdCharacter().Replace(v.Version, "_");
            if (!RevisionParser.RevisionIdPattern().IsMatch(id))
                throw new MigrationException(ErrorIds.InvalidRevisionFile, $"{v.MainFile}: version '{MigrationException.Echo(v.Version)}' cannot be a revision id (at most 64 letters, digits or '_')")
                    { FilePath = v.MainFile, Kind = ErrorKind.InvalidData };
            var text = string.Join("\n", v.Sections.DistinctBy(s => s.File).Select(s => s.FileText));
            var sections = v.Sections.Select(s => new ScriptSection(s.Direction, s.Dialects, s.Autocommit, s.Chunks, 1)).ToList();
            // A reversible version with nothing to undo still gets its (empty) downgrade.
            if (v.Reversible && sections.All(s => s.Direction != Direction.Downgrade)) sections.Add(new ScriptSection(Direction.Downgrade, null, false, [], 1));
            revisions.Add(new Revision(id, previous is null ? [] : [previous], [], [], v.Description.Replace('_', ' ').Trim(), null,
                RevisionTransaction.PerRevision, sections, v.MainFile, text));
            previous = id;
        }
        return revisions;
    }

    /// <summary>Versions compare as their tools compare them: numbers as numbers, part by part (1.10 after 1.9), then as text.</summary>
    private sealed class VersionOrder : IComparer<string>
    {
        public static readonly VersionOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            var (a, b) = (Parts(x!), Parts(y!));
            for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
            {
                var (p, q) = (i < a.Length ? a[i] : BigInteger.Zero, i < b.Length ? b[i] : BigInteger.Zero);
                if (p != q) return p.CompareTo(q);
            }
            return a.Length == b.Length ? 0 : string.CompareOrdinal(x, y);
        }

        private static BigInteger[] Parts(string version) =>
            version.Split(['.', '_']).Select(p => BigInteger.TryParse(p, out var n) ? n : BigInteger.Zero).ToArray();
    }
}
