using System.Globalization;
using System.Text.RegularExpressions;
using PSMigrate.Dialects;
using PSMigrate.Planning;

namespace PSMigrate.Bookkeeping;

/// <summary>How one dialect spells the types of PSMigrate's own tables.</summary>
internal sealed record TypeMap(string Identity, string Timestamp, string BigInt, string Flag, string False, string TableOptions);

/// <summary>
/// What a dialect needs to write PSMigrate's own tables: its quoting, whether names may be
/// schema-qualified (and whether the schema is created with them), the column types, the
/// queries that differ per server, and where the server allows them, an upsert of journal rows by
/// id and a version-row change that fails on the server when it misses (a format: {0} the change,
/// {1} the rows it must hit).
/// </summary>
internal sealed record BookkeepingDialect(
    Quoting Quoting, bool SchemaQualified, bool CreatesSchemas, TypeMap Types,
    string TableExistsQuery, string OtherObjectQuery, string ReturningId, RowUpsert? Upsert = null, string? CheckedChange = null);

/// <summary>
/// How an INSERT that names its ids updates the row an id already has: the clause after the
/// VALUES, and one column's assignment from the new value ({0}: the column).
/// </summary>
internal sealed record RowUpsert(string Clause, string Assignment);

internal enum ColumnKind { Identity, Varchar, Text, Timestamp, BigInt, Flag }

/// <summary>A journal column: its DDL, its INSERT parameter and its read all come from this.</summary>
internal sealed record JournalColumn(string Name, ColumnKind Kind, int Length = 0, bool NotNull = false);

/// <summary>
/// Every statement PSMigrate runs against its version table and journal, for one dialect and
/// one pair of table names: the online run and the offline script both take their SQL from here.
/// </summary>
internal sealed class BookkeepingSql
{
    /// <summary>The journal table's columns, once (docs/design.md §5).</summary>
    public static readonly IReadOnlyList<JournalColumn> JournalColumns =
    [
        new("id", ColumnKind.Identity),
        new("revision", ColumnKind.Varchar, 64, NotNull: true),
        new("operation", ColumnKind.Varchar, 16, NotNull: true),
        new("status", ColumnKind.Varchar, 16, NotNull: true),
        new("checksum", ColumnKind.Varchar, 64),
        new("started_at", ColumnKind.Timestamp, NotNull: true),
        new("finished_at", ColumnKind.Timestamp),
        new("duration_ms", ColumnKind.BigInt),
        new("applied_by", ColumnKind.Varchar, 128),
        new("host", ColumnKind.Varchar, 255),
        new("tool_version", ColumnKind.Varchar, 32),
        new("error", ColumnKind.Text),
        new("rolled_back", ColumnKind.Flag, NotNull: true),
    ];

    private readonly BookkeepingDialect _dialect;
    private readonly SessionHome? _home;
    private readonly string _versionName, _journalName;

    /// <param name="home">Where unqualified names live, named outright in every statement; null: wherever the session is.</param>
    public BookkeepingSql(BookkeepingDialect dialect, string versionTable, string journalTable, SessionHome? home = null)
    {
        _dialect = dialect;
        _home = home;
        _versionName = versionTable;
        _journalName = journalTable;
        VersionTable = QuoteName(versionTable);
        JournalTable = QuoteName(journalTable);
        var written = JournalColumns.Where(c => c.Kind != ColumnKind.Identity).ToArray();
        InsertJournalRow = $"INSERT INTO {JournalTable} ({string.Join(", ", written.Select(c => c.Name))}) " +
                           $"VALUES ({string.Join(", ", written.Select(c => "@" + c.Name))})";
        InsertJournal = InsertJournalRow + dialect.ReturningId;
        if (dialect.Upsert is { } upsert)
            FinishAndStartJournal = $"INSERT INTO {JournalTable} ({string.Join(", ", JournalColumns.Select(c => c.Name))}) " +
                                    $"VALUES ({string.Join(", ", FinishAndStartParameters.Take(JournalColumns.Count))}), " +
                                    $"({string.Join(", ", FinishAndStartParameters.Skip(JournalColumns.Count))}) " +
                                    upsert.Clause + " " + string.Join(", ", FinishColumns.Select(c => string.Format(upsert.Assignment, c)));
        var columns = string.Join(", ", JournalColumns.Select(c => "j." + c.Name));
        _selectJournal = $"SELECT {columns} FROM {JournalTable} j";
        LastJournalEntry = _selectJournal + " ORDER BY j.id DESC LIMIT 1";
        // A failed upgrade that no later upgrade of the same revision made good: failed rows are few,
        // so the subquery runs for a handful of rows however long the journal is.
        OpenFailures = _selectJournal + " WHERE j.operation = 'upgrade' AND j.status = 'failed' AND NOT EXISTS " +
                       $"(SELECT 1 FROM {JournalTable} a WHERE a.revision = j.revision AND a.operation = 'upgrade' AND a.status = 'applied' AND a.id > j.id) ORDER BY j.id";
    }

    private readonly string _selectJournal;

    public string VersionTable { get; }
    public string JournalTable { get; }

    /// <summary>An INSERT of every journal column but id, with a parameter @column for each; its scalar result is the new id.</summary>
    public string InsertJournal { get; }

    /// <summary>The same INSERT without reading the id back: one statement, for a batch.</summary>
    public string InsertJournalRow { get; }
    public string LastJournalEntry { get; }

    /// <summary>Every failed upgrade not applied since, oldest first.</summary>
    public string OpenFailures { get; }

    /// <summary>The journal newest first; the newest <paramref name="last"/> rows when given.</summary>
    public string Journal(int? last) => _selectJournal + " ORDER BY j.id DESC" + (last is { } n ? $" LIMIT {n}" : "");

    /// <summary>The columns a running row's end sets.</summary>
    private static readonly string[] FinishColumns = ["status", "finished_at", "duration_ms", "error", "rolled_back"];

    public string FinishJournal =>
        $"UPDATE {JournalTable} SET {string.Join(", ", FinishColumns.Select(c => $"{c} = @{c}"))} WHERE id = @id";

    /// <summary>
    /// Where the dialect has it: one statement that ends the running row @id and adds the next
    /// step's running row as @next_id, every column of both a parameter: <see cref="FinishAndStartParameters"/>.
    /// </summary>
    public string? FinishAndStartJournal { get; }

    /// <summary>The parameters of <see cref="FinishAndStartJournal"/>: every journal column of the row ended, then of the next.</summary>
    public static readonly IReadOnlyList<string> FinishAndStartParameters =
        [.. JournalColumns.Select(c => "@" + c.Name), .. JournalColumns.Select(c => "@next_" + c.Name)];

    public string DeleteJournal => $"DELETE FROM {JournalTable} WHERE id = @id";

    /// <summary>
    /// Where the dialect has it: a version-row change that fails on the server unless it hits
    /// <paramref name="expectedRows"/> rows, its error saying how many it hit (see <see cref="CheckedChangeHit"/>),
    /// so a batch can carry its COMMIT behind it.
    /// </summary>
    public string? CheckedChange(string change, int expectedRows) =>
        _dialect.CheckedChange is { } format ? string.Format(CultureInfo.InvariantCulture, format, change, expectedRows) : null;

    public bool ChecksChanges => _dialect.CheckedChange is not null;

    /// <summary>How many rows a checked change hit, read from the error it failed with; null for any other error.</summary>
    public static int? CheckedChangeHit(string error) =>
        Regex.Match(error, "psmigrate: the version row change hit ([0-9]+) row") is { Success: true } m
            ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    public string ReadVersions => $"SELECT version_num FROM {VersionTable}";

    public string AppliedChecksums =>
        $"SELECT revision, checksum FROM {JournalTable} WHERE operation = 'upgrade' AND status = 'applied' AND checksum IS NOT NULL ORDER BY id";

    /// <summary>A query with parameter @name that counts the tables called that.</summary>
    public string TableExists => _dialect.TableExistsQuery;

    /// <summary>A query with parameter @name that counts the views and other non-tables called that.</summary>
    public string OtherObjectExists => _dialect.OtherObjectQuery;
    public string VersionTableName => _versionName;
    public string JournalTableName => _journalName;

    public IReadOnlyList<string> CreateVersionTable() =>
    [
        .. CreateSchemaOf(_versionName),
        $"CREATE TABLE IF NOT EXISTS {VersionTable} (version_num VARCHAR(64) NOT NULL, " +
        $"CONSTRAINT {Quote(_versionName.Split('.')[^1] + "_pkc")} PRIMARY KEY (version_num)){_dialect.Types.TableOptions}",
    ];

    public IReadOnlyList<string> CreateJournalTable() =>
    [
        .. CreateSchemaOf(_journalName),
        $"CREATE TABLE IF NOT EXISTS {JournalTable} (\n    " +
        string.Join(",\n    ", JournalColumns.Select(c => $"{c.Name} {TypeOf(c)}")) + $"\n){_dialect.Types.TableOptions}",
    ];

    /// <summary>
    /// One version-row change as SQL. Ids are literals because the same text goes into offline
    /// scripts; a revision id is <c>[A-Za-z0-9_]</c>, so doubling quotes is a second line of defence.
    /// </summary>
    public string ChangeVersionRow(VersionRowChange change) => change switch
    {
        { Old: { } old, New: { } @new } => $"UPDATE {VersionTable} SET version_num = {Literal(@new)} WHERE version_num = {Literal(old)}",
        { Old: { } old } => $"DELETE FROM {VersionTable} WHERE version_num = {Literal(old)}",
        { New: { } @new } => $"INSERT INTO {VersionTable} (version_num) VALUES ({Literal(@new)})",
        _ => throw new ArgumentException("a version-row change names no row", nameof(change)),
    };

    public string ClearVersions => $"DELETE FROM {VersionTable}";

    private string TypeOf(JournalColumn c)
    {
        var types = _dialect.Types;
        var type = c.Kind switch
        {
            ColumnKind.Identity => types.Identity,
            ColumnKind.Varchar => $"VARCHAR({c.Length})",
            ColumnKind.Text => "TEXT",
            ColumnKind.Timestamp => types.Timestamp,
            ColumnKind.BigInt => types.BigInt,
            ColumnKind.Flag => types.Flag,
            _ => throw new ArgumentOutOfRangeException(nameof(c), c.Kind, "unknown column kind"),
        };
        return type + (c.NotNull ? " NOT NULL" : "") + (c.Kind == ColumnKind.Flag ? $" DEFAULT {types.False}" : "");
    }

    private IEnumerable<string> CreateSchemaOf(string table) =>
        _dialect.CreatesSchemas && table.Contains('.') ? [$"CREATE SCHEMA IF NOT EXISTS {Quote(table.Split('.')[0])}"] : [];

    private string Quote(string identifier) => _dialect.Quoting.Quote(identifier);

    /// <summary>
    /// Quotes each part of a schema-qualified name where the dialect has schemas, and puts an
    /// unqualified one in the session's home; the whole name where the dialect has no schemas.
    /// </summary>
    private string QuoteName(string name) =>
        !_dialect.SchemaQualified ? Quote(name)
        : name.Contains('.') ? string.Join(".", name.Split('.').Select(Quote))
        : _home is { } home ? $"{home.Schema}.{Quote(name)}"
        : Quote(name);

    private static string Literal(string id) => "'" + id.Replace("'", "''") + "'";
}
