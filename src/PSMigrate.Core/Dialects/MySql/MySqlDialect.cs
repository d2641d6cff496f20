using System.Data.Common;
using System.Text.RegularExpressions;
using PSMigrate.Bookkeeping;
using PSMigrate.Schema.Inspection;
using PSMigrate.Schema.Rendering;
using PSMigrate.Schema.Sources;
using PSMigrate.Sql;

namespace PSMigrate.Dialects.MySql;

/// <summary>
/// MySQL and MariaDB. DDL commits implicitly, so a failed step cannot be rolled back: the
/// journal's running and failed rows make the database dirty until an admin stamps it. Scripts
/// carry no transactions.
/// </summary>
internal sealed partial class MySqlDialect : SqlDialect
{
    private static readonly Quoting Backticks = new('`', '`');

    public override DialectKind Kind => DialectKind.MySql;
    public override bool TransactionalDdl => false;
    public override SplitterRules Lexer { get; } = new(Backticks: true, HashComments: true, BackslashEscapes: true, StoredProgramBodies: true, DelimiterCommand: true, ExecutableComments: true);
    public override Quoting Quoting => Backticks;
    public override IDatabaseDriver Driver => new MySqlDriver();

    public override BookkeepingDialect Bookkeeping => new(Backticks, SchemaQualified: true, CreatesSchemas: false,
        new TypeMap("BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY", "DATETIME(6)", "BIGINT", "BOOLEAN", "FALSE", " DEFAULT CHARSET=utf8mb4"),
        $"SELECT COUNT(*) FROM information_schema.tables WHERE {NamedTable}",
        $"SELECT COUNT(*) FROM information_schema.tables WHERE table_type <> 'BASE TABLE' AND {NamedTable}",
        "; SELECT LAST_INSERT_ID()",
        new RowUpsert("ON DUPLICATE KEY UPDATE", "{0} = VALUES({0})"));

    /// <summary>
    /// The table @name names (db.table, or table in the session's database), as constants: the server
    /// then opens just that table's definition. Compared as CONCAT(table_schema, '.', table_name), it
    /// read every table on the server, 4 ms at 5,000 tables and more with every tenant database.
    /// </summary>
    private const string NamedTable =
        "table_schema = IF(LOCATE('.', @name) > 0, SUBSTRING_INDEX(@name, '.', 1), DATABASE()) AND table_name = SUBSTRING_INDEX(@name, '.', -1)";

    public override ScriptSyntax Script { get; } = new(null, null, DelimiterForCompound: true);

    public override SessionStart ReadSession(DbConnection connection) =>
        new(Home(Convert.ToString(Drivers.Scalar(connection, "SELECT DATABASE()"), System.Globalization.CultureInfo.InvariantCulture)), null);

    /// <summary>The address's database; with no address (--dialect alone) the script cannot know it, and names none.</summary>
    public override SessionHome? OfflineHome(DatabaseAddress address) => Home(address.Database);

    private static SessionHome? Home(string? database) =>
        string.IsNullOrEmpty(database) ? null : new SessionHome(Backticks.Quote(database), $"USE {Backticks.Quote(database)}");

    public override bool LeavesHome(string statement) => UseStatement().IsMatch(statement);

    public override IReadOnlyList<string> OwnTables => [GaleraLease.Table];

    /// <summary>The version, and on a Galera cluster how many nodes this node sees.</summary>
    public override string DescribeServer(DbConnection connection) =>
        MySqlDriver.GaleraNodes(connection) is var nodes and > 0 ? $"{connection.ServerVersion} (Galera cluster of {nodes} node(s))" : connection.ServerVersion;

    /// <summary>The wait for metadata locks, which DDL takes; MySQL counts it in whole seconds, one at least.</summary>
    public override string? TableLockWaitSql(TimeSpan timeout) => $"SET SESSION lock_wait_timeout = {Math.Max(1, (long)Math.Ceiling(timeout.TotalSeconds))}";

    [GeneratedRegex(@"^\s*USE\s", RegexOptions.IgnoreCase)]
    private static partial Regex UseStatement();

    /// <summary>MySQL compares column names without case always, and table names on most installs.</summary>
    public override StringComparer Names => StringComparer.OrdinalIgnoreCase;

    public override SchemaInspector Inspector => new MySqlInspector();
    public override SchemaRenderer Renderer => new MySqlRenderer(Backticks);

    public override ScratchDatabase CreateScratch(DatabaseAddress? dev) =>
        ServerScratchDatabase.Create(this, dev, "DROP DATABASE IF EXISTS {0}");

    public override string ColumnTypeQuery =>
        "SELECT COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = @t AND COLUMN_NAME = @c";
}
