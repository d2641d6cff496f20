using System.Text.RegularExpressions;
using PSMigrate.Dialects;
using PSMigrate.Schema.Rendering;
using PSMigrate.Files;
using PSMigrate.Sql;

namespace PSMigrate.Checks;

internal enum LintSeverity { Off, Warning, Error }

/// <summary>A lint rule: a stable id, a name for people and config, why it matters, and how severe it is unless psmigrate.json says otherwise.</summary>
internal sealed record LintRule(string Id, string Name, LintSeverity Default, string Reason);

/// <summary>One finding: the rule, where, and what.</summary>
internal sealed record LintFinding(LintRule Rule, Revision Revision, int Line, string Message);

/// <summary>
/// The lint rules, read from revision text as each dialect splits it. Only upgrade sections are
/// read: a downgrade is destructive by nature. A <c>-- psmigrate:ignore RULE</c> comment in or
/// just above a statement silences that rule there.
/// </summary>
internal static partial class LintRules
{
    public static readonly LintRule DropTable = new("PSM001", "drop-table", LintSeverity.Error,
        "dropping a table loses its rows; a running application that still reads it fails");
    public static readonly LintRule DropColumn = new("PSM002", "drop-column", LintSeverity.Error,
        "dropping a column loses its data, and breaks code that still selects it");
    public static readonly LintRule NotNullWithoutDefault = new("PSM003", "not-null-without-default", LintSeverity.Error,
        "adding a NOT NULL column without a default to an existing table fails as soon as the table has rows");
    public static readonly LintRule NarrowingType = new("PSM004", "narrowing-type-change", LintSeverity.Error,
        "a type narrower than before fails on, or truncates, values that no longer fit");
    public static readonly LintRule Rename = new("PSM005", "rename", LintSeverity.Warning,
        "renaming a table or column breaks the code running against the old name until it is deployed anew");
    public static readonly LintRule IndexNotConcurrent = new("PSM006", "pg-index-not-concurrent", LintSeverity.Warning,
        "on PostgreSQL, CREATE INDEX without CONCURRENTLY locks writes to an existing table for as long as the build takes");
    public static readonly LintRule EnumValueInTransaction = new("PSM007", "pg-enum-value-in-transaction", LintSeverity.Error,
        "ALTER TYPE ... ADD VALUE cannot be used in the transaction that adds it (and fails inside one before PostgreSQL 12): put it in an autocommit section");
    public static readonly LintRule MySqlMixedDdlDml = new("PSM008", "mysql-mixed-ddl-dml", LintSeverity.Warning,
        "MySQL commits each DDL statement at once: a revision mixing DDL and data changes that fails half-way leaves the database dirty");
    public static readonly LintRule IrreversibleAmongReversible = new("PSM009", "irreversible-revision", LintSeverity.Warning,
        "every other revision in the folder can be undone; this one cannot, so a downgrade past it stops there");
    public static readonly LintRule MissingDialectSection = new("PSM010", "missing-dialect-section", LintSeverity.Warning,
        "the revision has upgrade sections for other dialects but none for this one, so it runs here as no statement at all");

    public static readonly IReadOnlyList<LintRule> All =
        [DropTable, DropColumn, NotNullWithoutDefault, NarrowingType, Rename, IndexNotConcurrent, EnumValueInTransaction, MySqlMixedDdlDml,
         IrreversibleAmongReversible, MissingDialectSection];

    [GeneratedRegex(@"^\s*ALTER\s+TABLE\b.*\bDROP\s+(COLUMN\s+)?(?!CONSTRAINT\b|INDEX\b|KEY\b|PRIMARY\b|FOREIGN\b|CHECK\b|DEFAULT\b|NOT\b|IDENTITY\b)[""`\[]?\w", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex DropColumnSql();
    [GeneratedRegex(@"^\s*ALTER\s+TABLE\b.*\bADD\s+(COLUMN\s+)?(?!CONSTRAINT\b|INDEX\b|KEY\b|PRIMARY\b|FOREIGN\b|UNIQUE\b|CHECK\b)(?<def>.*)$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex AddColumnSql();
    [GeneratedRegex(@"\bRENAME\s+(COLUMN\s+\S+\s+)?TO\b|\bRENAME\s+TABLE\b|\bCHANGE\s+(COLUMN\s+)?\S+\s+\S+", RegexOptions.IgnoreCase)]
    private static partial Regex RenameSql();
    [GeneratedRegex(@"^\s*CREATE\s+(UNIQUE\s+)?INDEX\s+(?!CONCURRENTLY\b)(IF\s+NOT\s+EXISTS\s+)?\S+\s+ON\s+(ONLY\s+)?(?<table>[""\w.]+)", RegexOptions.IgnoreCase)]
    private static partial Regex IndexSql();
    [GeneratedRegex(@"^\s*CREATE\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?(?<table>[""`\w.]+)", RegexOptions.IgnoreCase)]
    private static partial Regex CreateTableSql();
    [GeneratedRegex(@"^\s*DROP\s+TABLE\s+(IF\s+EXISTS\s+)?(?<table>[""`\w.]+)", RegexOptions.IgnoreCase)]
    private static partial Regex DropTableSql();
    [GeneratedRegex(@"^\s*ALTER\s+TABLE\s+\S+\s+RENAME\s+TO\s+(?<table>[""`\w.]+)", RegexOptions.IgnoreCase)]
    private static partial Regex RenamedToSql();
    /// <summary>A statement that copies a table's rows into another: INSERT INTO x [(...)] SELECT ... FROM t, or CREATE TABLE x AS SELECT ... FROM t.</summary>
    [GeneratedRegex(@"^\s*(INSERT\s+(OR\s+\w+\s+|IGNORE\s+)?INTO\s+[""`\[\]\w.]+\s*(\([^)]*\))?|CREATE\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?[""`\[\]\w.]+\s+AS)\s*SELECT\b.*?\bFROM\s+(?<table>[""`\[\]\w.]+)", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex CopySql();
    [GeneratedRegex(@"^\s*ALTER\s+TYPE\b.*\bADD\s+VALUE\b", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex AddEnumValueSql();
    [GeneratedRegex(@"^\s*(CREATE|ALTER|DROP|RENAME|TRUNCATE)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DdlSql();
    [GeneratedRegex(@"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DmlSql();
    /// <summary>PostgreSQL's ALTER COLUMN c TYPE t, and MySQL's MODIFY [COLUMN] c t: the column and its new type.</summary>
    [GeneratedRegex(@"^\s*ALTER\s+TABLE\s+(?<table>[""`\w.]+)\s+(ALTER\s+(COLUMN\s+)?(?<column>[""`\w]+)\s+(SET\s+DATA\s+)?TYPE|MODIFY\s+(COLUMN\s+)?(?<column>[""`\w]+))\s+(?<type>[\w ]+(\([\d, ]+\))?)", RegexOptions.IgnoreCase)]
    private static partial Regex TypeChangeSql();
    [GeneratedRegex(@"psmigrate:ignore\s+(?<rules>[\w\-, ]+)", RegexOptions.IgnoreCase)]
    private static partial Regex Ignore();

    /// <summary>A type change in a statement: table, column, new type; null when the statement changes no type.</summary>
    public static (string Table, string Column, string Type)? TypeChange(string statement) =>
        TypeChangeSql().Match(statement) is { Success: true } m
            ? (Unquote(m.Groups["table"].Value), Unquote(m.Groups["column"].Value), m.Groups["type"].Value.Trim())
            : null;

    /// <summary>The tables whose rows a revision's upgrade copies into another table: dropping one of them afterwards loses nothing.</summary>
    public static IReadOnlySet<string> CopiedTables(Revision revision, SqlDialect dialect) =>
        UpgradeStatements(revision, dialect).Select(s => CopySql().Match(s.Statement.Text)).Where(m => m.Success)
            .Select(m => Unquote(m.Groups["table"].Value)).ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static List<(ScriptSection Section, SqlStatement Statement)> UpgradeStatements(Revision revision, SqlDialect dialect) =>
        revision.SectionsFor(Direction.Upgrade, dialect.Kind)
            .SelectMany(s => s.Chunks.SelectMany(c => StatementSplitter.Split(c, dialect.Lexer, revision.FilePath)).Select(st => (Section: s, Statement: st)))
            .ToList();

    /// <summary>
    /// The findings of one revision in one dialect. <paramref name="typeBefore"/> gives a column's
    /// type just before the revision runs, for the narrowing rule; <paramref name="othersReversible"/>
    /// says whether every other revision of the folder has a downgrade; <paramref name="copiedBefore"/>
    /// names the tables the revisions just before this one copied elsewhere (a rebuild across revisions).
    /// </summary>
    public static IEnumerable<LintFinding> Check(Revision revision, SqlDialect dialect, string[] fileLines, bool othersReversible,
        Func<string, string, string?> typeBefore, IReadOnlySet<string>? copiedBefore = null)
    {
        var statements = UpgradeStatements(revision, dialect);
        var created = statements.Select(s => CreateTableSql().Match(s.Statement.Text)).Where(m => m.Success)
            .Select(m => Unquote(m.Groups["table"].Value)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var findings = new List<LintFinding>();
        void Add(LintRule rule, SqlStatement statement, string message)
        {
            if (!Ignored(rule, statement, fileLines)) findings.Add(new LintFinding(rule, revision, statement.Line, message));
        }

        foreach (var (section, statement) in statements)
        {
            var text = statement.Text;
            var first = FirstLine(text);
            if (DropTableSql().Match(text) is { Success: true } drop && !KeptElsewhere(statements, statement, Unquote(drop.Groups["table"].Value), copiedBefore))
                Add(DropTable, statement, first);
            if (DropColumnSql().IsMatch(text)) Add(DropColumn, statement, first);
            if (AddColumnSql().Match(text) is { Success: true } add && Regex.IsMatch(add.Groups["def"].Value, @"\bNOT\s+NULL\b", RegexOptions.IgnoreCase)
                && !Regex.IsMatch(add.Groups["def"].Value, @"\bDEFAULT\b|\bGENERATED\b|\bAUTO_INCREMENT\b|\bIDENTITY\b", RegexOptions.IgnoreCase))
                Add(NotNullWithoutDefault, statement, first);
            if (TypeChange(text) is var (table, column, type) && typeBefore(table, column) is { } old && TypeNarrowing.IsNarrower(old, type))
                Add(NarrowingType, statement, $"{table}.{column}: {old} -> {type}");
            if (RenameSql().IsMatch(text) && !text.Contains(SchemaRenderer.RebuildPrefix, StringComparison.Ordinal))
                Add(Rename, statement, first);
            if (dialect.Kind == DialectKind.PostgreSql && !section.Autocommit && IndexSql().Match(text) is { Success: true } index
                && !created.Contains(Unquote(index.Groups["table"].Value)))
                Add(IndexNotConcurrent, statement, first);
            if (dialect.Kind == DialectKind.PostgreSql && !section.Autocommit && AddEnumValueSql().IsMatch(text))
                Add(EnumValueInTransaction, statement, first);
        }
        if (dialect.Kind == DialectKind.MySql && statements.FirstOrDefault(s => DdlSql().IsMatch(s.Statement.Text)).Statement is { } ddl
            && statements.FirstOrDefault(s => DmlSql().IsMatch(s.Statement.Text)).Statement is { } dml)
            Add(MySqlMixedDdlDml, dml, $"DDL at line {ddl.Line} and data changes at line {dml.Line} in one revision");
        if (!revision.IsReversible && othersReversible && statements.Count > 0)
            Add(IrreversibleAmongReversible, statements[0].Statement, "no '-- +downgrade' section");
        if (statements.Count == 0 && revision.Sections.Where(x => x.Direction == Direction.Upgrade && x.Dialects is not null).ToList() is { Count: > 0 } others)
        {
            var first = others[0];
            var named = string.Join(", ", others.SelectMany(x => x.Dialects!).Distinct().Select(d => d.Name()).Order(StringComparer.Ordinal));
            Add(MissingDialectSection, new SqlStatement(fileLines.ElementAtOrDefault(first.Line - 1) ?? "", first.Line),
                $"upgrade sections for {named}, none for {dialect.Kind.Name()}");
        }
        return findings;
    }

    /// <summary>
    /// Whether a dropped table's rows live on, as in the ways teams rebuild a table: a later
    /// statement renames another table to its name (SQLite's create, copy, drop, rename), or its rows
    /// were copied into another table before the drop, in this revision or the ones just before it
    /// (copy to a backup, drop, re-create, copy back; or rename away, re-create, copy, drop the old).
    /// </summary>
    private static bool KeptElsewhere(List<(ScriptSection Section, SqlStatement Statement)> statements, SqlStatement drop, string table,
        IReadOnlySet<string>? copiedBefore)
    {
        var at = statements.FindIndex(s => s.Statement == drop);
        bool Same(Match m) => m.Success && Unquote(m.Groups["table"].Value).Equals(table, StringComparison.OrdinalIgnoreCase);
        return statements.Skip(at + 1).Any(s => Same(RenamedToSql().Match(s.Statement.Text)))
               || statements.Take(at).Any(s => Same(CopySql().Match(s.Statement.Text)))
               || copiedBefore?.Contains(table) == true;
    }

    /// <summary>Whether a psmigrate:ignore comment in the statement, or in the comment lines just above it, names the rule.</summary>
    private static bool Ignored(LintRule rule, SqlStatement statement, string[] fileLines)
    {
        var comments = new List<string> { statement.Text };
        for (var line = statement.Line - 2; line >= 0 && fileLines[line].TrimStart().StartsWith("--", StringComparison.Ordinal); line--)
            comments.Add(fileLines[line]);
        return comments.SelectMany(c => Ignore().Matches(c)).SelectMany(m => m.Groups["rules"].Value.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries))
            .Any(r => r.Equals(rule.Id, StringComparison.OrdinalIgnoreCase) || r.Equals(rule.Name, StringComparison.OrdinalIgnoreCase));
    }

    private static string FirstLine(string text) => text.IndexOf('\n') is var end and >= 0 ? text[..end].TrimEnd() + " ..." : text;

    private static string Unquote(string name) => name.Split('.')[^1].Trim('"', '`', '[', ']');
}

/// <summary>Whether a new column type holds less than the old: a shorter length, fewer digits, or a smaller integer.</summary>
internal static partial class TypeNarrowing
{
    [GeneratedRegex(@"^\s*(?<base>[a-z ]+?)\s*(\(\s*(?<a>\d+)\s*(,\s*(?<b>\d+)\s*)?\))?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Parts();

    private static readonly string[] Integers = ["tinyint", "smallint", "mediumint", "int", "integer", "bigint"];

    public static bool IsNarrower(string before, string after)
    {
        if (Parts().Match(before) is not { Success: true } a || Parts().Match(after) is not { Success: true } b) return false;
        var (baseA, baseB) = (Canonical(a.Groups["base"].Value), Canonical(b.Groups["base"].Value));
        if (Array.IndexOf(Integers, baseA) is var ia and >= 0 && Array.IndexOf(Integers, baseB) is var ib and >= 0)
            return Rank(baseB) < Rank(baseA);
        if (baseA == "text" && baseB is "varchar" or "char") return true;
        if (baseA != baseB) return false;
        int? Number(Match m, string group) => m.Groups[group].Success ? int.Parse(m.Groups[group].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
        return Number(b, "a") < Number(a, "a") || Number(b, "b") < Number(a, "b");
    }

    private static string Canonical(string type) => type.Trim().ToLowerInvariant() switch
    {
        "character varying" => "varchar",
        "character" => "char",
        "int4" => "int",
        "integer" => "int",
        "int8" => "bigint",
        "int2" => "smallint",
        "decimal" => "numeric",
        var t => t,
    };

    private static int Rank(string integer) => integer switch { "tinyint" => 0, "smallint" => 1, "mediumint" => 2, "int" => 3, _ => 4 };
}
