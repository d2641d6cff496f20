using System.Data.Common;
using Microsoft.Data.Sqlite;
using PSMigrate.Bookkeeping;
using PSMigrate.Schema;
using PSMigrate.Schema.Inspection;
using PSMigrate.Schema.Rendering;
using PSMigrate.Schema.Sources;
using PSMigrate.Sql;

namespace PSMigrate.Dialects.Sqlite;

/// <summary>SQLite: one file, transactional DDL, foreign keys checked by PSMigrate at the end of each revision.</summary>
internal sealed class SqliteDialect : SqlDialect
{
    private static readonly Quoting DoubleQuotes = new('"', '"');

    public override DialectKind Kind => DialectKind.Sqlite;
    public override bool TransactionalDdl => true;
    public override bool DatabaseIsFile => true;
    public override SplitterRules Lexer { get; } = new(Backticks: true, Brackets: true);
    public override Quoting Quoting => DoubleQuotes;
    public override IDatabaseDriver Driver => new SqliteDriver();

    public override BookkeepingDialect Bookkeeping => new(DoubleQuotes, SchemaQualified: false, CreatesSchemas: false,
        new TypeMap("INTEGER PRIMARY KEY", "TEXT", "INTEGER", "INTEGER", "0", ""),
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @name",
        "SELECT COUNT(*) FROM sqlite_master WHERE type <> 'table' AND name = @name",
        " RETURNING id");

    // The bundled SQLite enforces foreign keys, and PRAGMA foreign_keys is a no-op inside a
    // transaction, so the documented table rebuild (create, copy, drop, rename) would cascade
    // deletes into child tables. Keys are off from before BEGIN, as in sqlite3 and Python,
    // and every revision ends with a check that no reference dangles.
    public override IntegrityRules Integrity { get; } = new(["PRAGMA foreign_keys = OFF"], "PRAGMA foreign_key_check");

    public override ScriptSyntax Script { get; } = new("BEGIN;", "COMMIT;", DelimiterForCompound: false);

    /// <summary>SQLite compares identifiers without case.</summary>
    public override StringComparer Names => StringComparer.OrdinalIgnoreCase;

    public override SchemaInspector Inspector => new SqliteInspector();
    public override SchemaRenderer Renderer => new SqliteRenderer(DoubleQuotes);
    public override ScratchDatabase CreateScratch(DatabaseAddress? dev) => SqliteScratchDatabase.Create(this);

    public override string ColumnTypeQuery => "SELECT type FROM pragma_table_info(@t) WHERE name = @c COLLATE NOCASE";

    /// <summary>
    /// SQLite's own definitions, in one query: far cheaper than inspecting, and equal definitions
    /// mean equal schemas. Two pictures that differ are replayed in memory and inspected, so a
    /// reworded but equal definition does not count as a difference.
    /// </summary>
    public override SchemaPicture Picture(DbConnection connection, IReadOnlySet<string> ignored)
    {
        // A test takes two pictures per revision of a schema that grows with the folder: the
        // definitions are read as strings, with PSMigrate's own tables left out by the query.
        using var command = connection.CreateCommand();
        var names = ignored.Select((name, i) => (Name: name, Parameter: "@i" + i)).ToList();
        command.CommandText = "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'" +
                              (names.Count == 0 ? "" : $" AND tbl_name COLLATE NOCASE NOT IN ({string.Join(", ", names.Select(n => n.Parameter))})") +
                              " ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 WHEN 'view' THEN 2 ELSE 3 END, name";
        foreach (var (name, parameter) in names) command.Parameters.Add(new SqliteParameter(parameter, name));
        using var reader = command.ExecuteReader();
        var text = new System.Text.StringBuilder();
        while (reader.Read()) text.Append(reader.GetString(0)).Append(";\n");
        var definitions = text.ToString();
        return new SchemaPicture(definitions, () => Replay(definitions));
    }

    private DatabaseSchema Replay(string definitions)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        foreach (var statement in StatementSplitter.Split(new SqlChunk(definitions, 1, false), Lexer, "schema"))
            Drivers.Execute(connection, statement.Text);
        return Inspector.Inspect(connection, new HashSet<string>());
    }
}
