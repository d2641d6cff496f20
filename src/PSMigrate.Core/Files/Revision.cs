using PSMigrate.Dialects;
using PSMigrate.Sql;

namespace PSMigrate.Files;

/// <summary>
/// One revision file, parsed. The header, not the file name, is the truth. <see cref="Text"/>
/// is the file's text with line endings normalised to \n.
/// </summary>
internal sealed record Revision(
    string Id,
    IReadOnlyList<string> Revises,
    IReadOnlyList<string> DependsOn,
    IReadOnlyList<string> BranchLabels,
    string? Message,
    DateTimeOffset? Created,
    RevisionTransaction Transaction,
    IReadOnlyList<ScriptSection> Sections,
    string FilePath,
    string Text)
{
    /// <summary>
    /// SHA-256 of <see cref="Text"/>, lowercase hex (docs/design.md §3). Computed when asked: listing
    /// heads or history needs none.
    /// </summary>
    public string Checksum => RevisionParser.Checksum(Text);

    /// <summary>A file without any <c>-- +downgrade</c> section cannot be undone.</summary>
    public bool IsReversible => Sections.Any(s => s.Direction == Direction.Downgrade);

    /// <summary>
    /// The first downgrade section when the upgrade does something and every downgrade section is
    /// empty: a downgrade through it would silently undo nothing. (A revision empty both ways,
    /// such as a merge, is a consistent no-op.)
    /// </summary>
    public ScriptSection? EmptyDowngrade =>
        Sections.Any(s => s.Direction == Direction.Upgrade && s.Chunks.Count > 0)
        && Sections.Where(s => s.Direction == Direction.Downgrade).ToArray() is { Length: > 0 } downs && downs.All(s => s.Chunks.Count == 0)
            ? downs[0]
            : null;

    public IEnumerable<ScriptSection> SectionsFor(Direction direction, DialectKind dialect) =>
        Sections.Where(s => s.Direction == direction && s.AppliesTo(dialect));
}

internal enum RevisionTransaction { PerRevision, None }

/// <summary>A section that runs only where a table exists (<c>if-table-exists NAME</c>) or is missing (<c>if-table-missing NAME</c>).</summary>
internal sealed record TableGuard(string Table, bool MustExist)
{
    public override string ToString() => $"{(MustExist ? "if-table-exists" : "if-table-missing")} {Table}";
}

/// <summary>
/// A <c>-- +upgrade</c> or <c>-- +downgrade</c> section. Its SQL stays unsplit until a dialect
/// is known, because where a statement ends depends on the dialect's quoting rules.
/// </summary>
internal sealed record ScriptSection(
    Direction Direction,
    IReadOnlySet<DialectKind>? Dialects,
    bool Autocommit,
    IReadOnlyList<SqlChunk> Chunks,
    int Line,
    TableGuard? Guard = null)
{
    public bool AppliesTo(DialectKind dialect) => Dialects is null || Dialects.Contains(dialect);
}
