using System.Globalization;
using PSMigrate.Dialects;
using PSMigrate.Schema.Comparison;

namespace PSMigrate.Schema.Rendering;

/// <summary>
/// One statement of generated DDL. <see cref="Autocommit"/> ones must run outside a transaction
/// (PostgreSQL's ALTER TYPE ... ADD VALUE); a <see cref="Compound"/> one holds semicolons of its
/// own (a trigger body); a <see cref="Note"/> is a comment for the author, not SQL.
/// </summary>
internal sealed record RenderedStatement(string Sql, bool Autocommit = false, bool Compound = false, bool Note = false);

/// <summary>
/// Turns changes into one dialect's DDL. Both schemas are at hand, so whatever a change needs
/// (SQLite's rebuild of a whole table, the columns that use an enum type) is generated from them
/// and nothing is read at run time.
/// </summary>
internal abstract class SchemaRenderer(Quoting quoting)
{
    /// <summary>
    /// The name a table is built under before it replaces the one of its name (a rebuild's new
    /// half). Lint knows a rename from this prefix as a step of a rebuild, not a rename a user made.
    /// </summary>
    public const string RebuildPrefix = "_psmigrate_new_";

    public abstract IReadOnlyList<RenderedStatement> Render(IReadOnlyList<SchemaChange> changes, DatabaseSchema from, DatabaseSchema to);

    protected string Quote(string name) => quoting.Quote(name);

    protected string Columns(IEnumerable<string> names) => string.Join(", ", names.Select(Quote));

    protected static string Literal(string text) => "'" + text.Replace("'", "''") + "'";

    protected static string ActionSql(ReferentialAction action) => action switch
    {
        ReferentialAction.Cascade => "CASCADE",
        ReferentialAction.SetNull => "SET NULL",
        ReferentialAction.SetDefault => "SET DEFAULT",
        ReferentialAction.Restrict => "RESTRICT",
        _ => "NO ACTION",
    };

    protected string ForeignKeyClause(ForeignKey key) =>
        $"FOREIGN KEY ({Columns(key.Columns)}) REFERENCES {Quote(key.ReferencedTable)} ({Columns(key.ReferencedColumns)})" +
        (key.OnDelete == ReferentialAction.NoAction ? "" : " ON DELETE " + ActionSql(key.OnDelete)) +
        (key.OnUpdate == ReferentialAction.NoAction ? "" : " ON UPDATE " + ActionSql(key.OnUpdate));

    /// <summary>A comment line for the author, and for the change it stands for.</summary>
    protected static RenderedStatement Note(string text) => new("-- " + text, Note: true);

    /// <summary>Whether a default is a literal a DDL statement takes bare; anything else is an expression in parentheses.</summary>
    protected static bool IsLiteral(string value) =>
        value.Length >= 2 && value[0] == '\'' && value[^1] == '\''
        || double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
        || value.ToUpperInvariant() is "NULL" or "TRUE" or "FALSE" or "CURRENT_TIMESTAMP" or "CURRENT_DATE" or "CURRENT_TIME";

    /// <summary>Notes for possible renames, which every dialect writes the same way.</summary>
    protected static IEnumerable<RenderedStatement> Notes(AlterTable alter) =>
        alter.Changes.OfType<PossibleRename>().Select(r => Note("psmigrate: " + r.Describe()));
}
