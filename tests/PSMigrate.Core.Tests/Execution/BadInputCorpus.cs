using PSMigrate.Tests.Support;

namespace PSMigrate.Tests.Execution;

/// <summary>
/// The bad-input corpus: one line per case, each run through <see cref="BadInputTests.Refused"/>
/// (error id, a one-line message naming the culprit, no password, the database and the folder
/// unchanged, no hang). Every case starts from a folder of two revisions and a SQLite database at
/// the first; <c>Setup</c> breaks something, <c>Act</c> is what a user would run.
/// </summary>
[Collection(DatabaseCollection.Name)]
public class BadInputCorpus(TestDatabases databases)
{
    private const string Pw = BadInputTests.Secret;

    /// <param name="Journaled">The step ran and failed, so its journal row is the one change allowed.</param>
    public sealed record Case(string Name, string ErrorId, string Culprit, Action<FolderBuilder, string> Setup, Action<FolderBuilder, string> Act, bool Journaled = false);

    /// <summary>A revision file 003 with this text, then an upgrade.</summary>
    private static Case File(string name, string errorId, string culprit, string text) =>
        new(name, errorId, culprit, (f, _) => f.Raw("003_bad.sql", text), (f, db) => f.Migrator(db).Upgrade().ThrowIfFailed());

    /// <summary>A revision 003 whose upgrade section is this SQL, on a database at 002, then an upgrade: 003 is the only step.</summary>
    private static Case Sql(string name, string errorId, string culprit, string sql) =>
        new(name, errorId, culprit, (f, db) =>
        {
            f.Migrator(db).Upgrade("002").ThrowIfFailed();
            f.Raw("003_bad.sql", $"-- Revision: 003\n-- Revises: 002\n-- +upgrade\n{sql}\n-- +downgrade\n");
        }, (f, db) => f.Migrator(db).Upgrade().ThrowIfFailed());

    /// <summary>This psmigrate.json, then loading the folder.</summary>
    private static Case Config(string name, string culprit, string json) =>
        new(name, ErrorIds.InvalidConfig, culprit, (f, _) => f.Config(json), (f, db) => f.Migrator(db));

    private static Case Upgrade(string name, string errorId, string culprit, string target) =>
        new(name, errorId, culprit, (_, _) => { }, (f, db) => f.Migrator(db).Upgrade(target).ThrowIfFailed());

    private static Case Downgrade(string name, string errorId, string culprit, string target) =>
        new(name, errorId, culprit, (_, _) => { }, (f, db) => f.Migrator(db).Downgrade(target).ThrowIfFailed());

    private static Case Address(string name, string errorId, string culprit, string address) =>
        new(name, errorId, culprit, (_, _) => { }, (f, _) => f.Migrator(address).Status());

    private static Case Revision(string name, string errorId, string culprit, NewRevisionRequest request) =>
        new(name, errorId, culprit, (_, _) => { }, (f, _) => f.Project().PlanRevision(request, DateTimeOffset.UtcNow));

    private static Case Database(string name, string errorId, string culprit, string sql, string target = "heads") =>
        new(name, errorId, culprit, (_, db) => new DbProbe(db).Execute(sql), (f, db) => f.Migrator(db).Upgrade(target).ThrowIfFailed());

    private const string H = "-- Revision: 003\n-- Revises: 002\n";

    public static readonly IReadOnlyList<Case> Cases =
    [
        // Revision files: header
        File("no Revision header", ErrorIds.InvalidRevisionFile, "003_bad.sql:1", "-- Revises: 002\n-- +upgrade\n"),
        File("empty file", ErrorIds.InvalidRevisionFile, "003_bad.sql", ""),
        File("only blank lines", ErrorIds.InvalidRevisionFile, "003_bad.sql", "\n\n\n"),
        File("id with a space", ErrorIds.InvalidRevisionFile, "003_bad.sql:1", "-- Revision: a b\n-- +upgrade\n"),
        File("id with a dash", ErrorIds.InvalidRevisionFile, "'a-b'", "-- Revision: a-b\n-- +upgrade\n"),
        File("id of 65 characters", ErrorIds.InvalidRevisionFile, "003_bad.sql:1", $"-- Revision: {new string('a', 65)}\n-- +upgrade\n"),
        File("id 'head'", ErrorIds.InvalidRevisionFile, "reserved word", "-- Revision: head\n-- +upgrade\n"),
        File("id 'heads'", ErrorIds.InvalidRevisionFile, "reserved word", "-- Revision: heads\n-- +upgrade\n"),
        File("id 'base'", ErrorIds.InvalidRevisionFile, "reserved word", "-- Revision: base\n-- +upgrade\n"),
        File("id 'current'", ErrorIds.InvalidRevisionFile, "reserved word", "-- Revision: current\n-- +upgrade\n"),
        File("empty id", ErrorIds.InvalidRevisionFile, "003_bad.sql:1", "-- Revision:\n-- +upgrade\n"),
        File("unknown header key", ErrorIds.InvalidRevisionFile, "'Colour'", H + "-- Colour: red\n-- +upgrade\n"),
        File("header key twice", ErrorIds.InvalidRevisionFile, "003_bad.sql:3", H + "-- revises: 001\n-- +upgrade\n"),
        File("Revises not an id", ErrorIds.InvalidRevisionFile, "'0-2'", "-- Revision: 003\n-- Revises: 0-2\n-- +upgrade\n"),
        File("Revises names one twice", ErrorIds.InvalidRevisionFile, "twice", "-- Revision: 003\n-- Revises: 002, 002\n-- +upgrade\n"),
        File("Revises 'head'", ErrorIds.InvalidRevisionFile, "reserved word", "-- Revision: 003\n-- Revises: head\n-- +upgrade\n"),
        File("Created not a date", ErrorIds.InvalidRevisionFile, "'yesterday'", H + "-- Created: yesterday\n-- +upgrade\n"),
        File("Created out of range", ErrorIds.InvalidRevisionFile, "'2026-13-45T00:00:00Z'", H + "-- Created: 2026-13-45T00:00:00Z\n-- +upgrade\n"),
        File("Transaction unknown", ErrorIds.InvalidRevisionFile, "'sometimes'", H + "-- Transaction: sometimes\n-- +upgrade\n"),
        File("label starting with a digit", ErrorIds.InvalidRevisionFile, "'1abc'", H + "-- Branch-Labels: 1abc\n-- +upgrade\n"),
        File("label 'head'", ErrorIds.InvalidRevisionFile, "'head'", H + "-- Branch-Labels: head\n-- +upgrade\n"),
        File("label twice", ErrorIds.InvalidRevisionFile, "twice", H + "-- Branch-Labels: x, x\n-- +upgrade\n"),
        File("Depends-On not an id", ErrorIds.InvalidRevisionFile, "'x-y'", H + "-- Depends-On: x-y\n-- +upgrade\n"),
        File("Depends-On twice", ErrorIds.InvalidRevisionFile, "twice", H + "-- Depends-On: 001, 001\n-- +upgrade\n"),
        // Revision files: body
        File("unknown marker", ErrorIds.InvalidRevisionFile, "'-- +sideways'", H + "-- +sideways\n"),
        File("unknown section dialect", ErrorIds.InvalidRevisionFile, "'oracle'", H + "-- +upgrade oracle\nSELECT 1;\n"),
        File("SQL before any section", ErrorIds.InvalidRevisionFile, "003_bad.sql:3", H + "CREATE TABLE x (id INT);\n-- +upgrade\n"),
        File("statement-begin before a section", ErrorIds.InvalidRevisionFile, "003_bad.sql:3", H + "-- +statement-begin\n"),
        File("statement-begin inside a block", ErrorIds.InvalidRevisionFile, "003_bad.sql:5", H + "-- +upgrade\n-- +statement-begin\n-- +statement-begin\n"),
        File("statement-end alone", ErrorIds.InvalidRevisionFile, "003_bad.sql:4", H + "-- +upgrade\n-- +statement-end\n"),
        File("statement-begin never closed", ErrorIds.InvalidRevisionFile, "003_bad.sql:4", H + "-- +upgrade\n-- +statement-begin\nSELECT 1;\n"),
        File("statement-begin with options", ErrorIds.InvalidRevisionFile, "takes no options", H + "-- +upgrade\n-- +statement-begin now\n-- +statement-end\n"),
        File("section marker inside a block", ErrorIds.InvalidRevisionFile, "003_bad.sql:5", H + "-- +upgrade\n-- +statement-begin\n-- +downgrade\n-- +statement-end\n"),
        // Revision files: encoding
        File("NUL byte", ErrorIds.InvalidRevisionFile, "NUL byte", H + "-- +upgrade\nSELECT 1;\0\n"),
        new("Latin-1 text", ErrorIds.InvalidRevisionFile, "003_bad.sql:3", (f, _) => System.IO.File.WriteAllBytes(Path.Combine(f.Versions, "003_bad.sql"),
            System.Text.Encoding.Latin1.GetBytes(H + "-- Message: caf\u00e9\n-- +upgrade\n")), (f, db) => f.Migrator(db)),
        new("UTF-16 text", ErrorIds.InvalidRevisionFile, "UTF-16", (f, _) => System.IO.File.WriteAllText(Path.Combine(f.Versions, "003_bad.sql"), H + "-- +upgrade\n",
            System.Text.Encoding.BigEndianUnicode), (f, db) => f.Migrator(db)),
        // Statements that never end
        Sql("unterminated string", ErrorIds.UnterminatedSql, "003_bad.sql:4", "INSERT INTO t1 VALUES ('never closed);"),
        Sql("unterminated identifier", ErrorIds.UnterminatedSql, "003_bad.sql:4", "SELECT \"never closed FROM t1;"),
        Sql("unterminated block comment", ErrorIds.UnterminatedSql, "003_bad.sql:4", "/* never closed\nSELECT 1;"),
        Sql("unterminated bracket identifier", ErrorIds.UnterminatedSql, "003_bad.sql:4", "SELECT [never closed FROM t1;"),
        Sql("unterminated backtick identifier", ErrorIds.UnterminatedSql, "003_bad.sql:4", "SELECT `never closed FROM t1;"),
        Sql("unterminated string on a later line", ErrorIds.UnterminatedSql, "003_bad.sql:6", "SELECT 1;\nSELECT 2;\nSELECT 'x;"),
        // Statements that fail, or break the transaction
        Sql("a statement that fails", ErrorIds.StatementFailed, "003_bad.sql:4", "INSERT INTO no_such_table VALUES (1);") with { Journaled = true },
        Sql("a failing statement after good ones", ErrorIds.StatementFailed, "003_bad.sql:6", "CREATE TABLE t3 (id INT);\nINSERT INTO t3 VALUES (1);\nINSERT INTO t3 VALUES (1, 2, 3);") with { Journaled = true },
        Sql("syntax error", ErrorIds.StatementFailed, "003_bad.sql:4", "CREAT TABLE t3 (id INT);") with { Journaled = true },
        Sql("COMMIT", ErrorIds.TransactionControl, "'COMMIT'", "CREATE TABLE t3 (id INT);\nCOMMIT;"),
        Sql("commit in lower case", ErrorIds.TransactionControl, "'commit'", "commit;"),
        Sql("BEGIN TRANSACTION", ErrorIds.TransactionControl, "'BEGIN'", "BEGIN TRANSACTION;"),
        Sql("ROLLBACK", ErrorIds.TransactionControl, "'ROLLBACK'", "ROLLBACK;"),
        Sql("END", ErrorIds.TransactionControl, "'END'", "END;"),
        Sql("START TRANSACTION", ErrorIds.TransactionControl, "'START'", "START TRANSACTION;"),
        Sql("ABORT", ErrorIds.TransactionControl, "'ABORT'", "ABORT;"),
        Sql("a dangling reference", ErrorIds.ForeignKeyViolation, "refers to a missing row of t1",
            "CREATE TABLE t3 (id INT REFERENCES t1 (id));\nINSERT INTO t3 VALUES (42);") with { Journaled = true },
        Sql("the version row removed by the revision", ErrorIds.VersionRowMismatch, "affected 0 row(s)", "DELETE FROM psmigrate_version;") with { Journaled = true },
        // The graph
        new("the same id in two files", ErrorIds.DuplicateRevision, "defined twice", (f, _) => f.Raw("zz_copy.sql", "-- Revision: 002\n-- Revises: 001\n-- +upgrade\n"),
            (f, db) => f.Migrator(db)),
        new("Revises names a missing revision", ErrorIds.MissingRevision, "'nope'", (f, _) => f.Raw("003_bad.sql", "-- Revision: 003\n-- Revises: nope\n-- +upgrade\n"),
            (f, db) => f.Migrator(db)),
        new("Depends-On names a missing revision", ErrorIds.MissingRevision, "'nope'", (f, _) => f.Raw("003_bad.sql", H + "-- Depends-On: nope\n-- +upgrade\n"),
            (f, db) => f.Migrator(db)),
        new("a two-revision cycle", ErrorIds.RevisionCycle, "cycle", (f, _) => f.Raw("x.sql", "-- Revision: x\n-- Revises: y\n-- +upgrade\n").Raw("y.sql", "-- Revision: y\n-- Revises: x\n-- +upgrade\n"),
            (f, db) => f.Migrator(db)),
        new("a revision revising itself", ErrorIds.RevisionCycle, "x (", (f, _) => f.Raw("x.sql", "-- Revision: x\n-- Revises: x\n-- +upgrade\n"),
            (f, db) => f.Migrator(db)),
        new("a dependency cycle", ErrorIds.RevisionCycle, "cycle", (f, _) => f.Raw("003_bad.sql", H + "-- Depends-On: 004\n-- +upgrade\n").Raw("004.sql", "-- Revision: 004\n-- Revises: 003\n-- +upgrade\n"),
            (f, db) => f.Migrator(db)),
        new("a label on two revisions", ErrorIds.DuplicateBranchLabel, "'x'", (f, _) => f.Raw("a.sql", "-- Revision: a\n-- Branch-Labels: x\n-- +upgrade\n").Raw("b.sql", "-- Revision: b\n-- Branch-Labels: x\n-- +upgrade\n"),
            (f, db) => f.Migrator(db)),
        new("a label equal to an id", ErrorIds.DuplicateBranchLabel, "'L001'", (f, _) => f.Raw("a.sql", "-- Revision: a\n-- Branch-Labels: L001\n-- +upgrade\n").Raw("b.sql", "-- Revision: L001\n-- +upgrade\n"),
            (f, db) => f.Migrator(db)),
        // psmigrate.json
        Config("not JSON", "not valid JSON", "{ versions: "),
        Config("an array", "JSON object", "[1, 2]"),
        Config("a string", "JSON object", "\"versions\""),
        Config("an unknown key", "'colour'", "{ \"colour\": \"red\" }"),
        Config("a number where a string goes", "'versionTable'", "{ \"versionTable\": 5 }"),
        Config("null where a string goes", "'database'", "{ \"database\": null }"),
        Config("an object where a string goes", "'versions'", "{ \"versions\": { } }"),
        Config("revisionIds uuid", "'uuid'", "{ \"revisionIds\": \"uuid\" }"),
        Config("revisionIds sequence:0", "'sequence:0'", "{ \"revisionIds\": \"sequence:0\" }"),
        Config("revisionIds sequence:x", "'sequence:x'", "{ \"revisionIds\": \"sequence:x\" }"),
        Config("revisionIds sequence:65", "'sequence:65'", "{ \"revisionIds\": \"sequence:65\" }"),
        Config("transactionMode always", "'always'", "{ \"transactionMode\": \"always\" }"),
        Config("a table name with a space", "'my table'", "{ \"versionTable\": \"my table\" }"),
        Config("a table name with three parts", "'a.b.c'", "{ \"versionTable\": \"a.b.c\" }"),
        Config("an empty journal table name", "journalTable", "{ \"journalTable\": \"\" }"),
        Config("a quote in a table name", "versionTable", "{ \"versionTable\": \"x\\\"; DROP TABLE t1; --\" }"),
        Config("text after the object", "not valid JSON", "{ } trailing"),
        Config("an unterminated string", "not valid JSON", "{ \"versions\": \"v }"),
        // Targets
        Upgrade("an unknown revision", ErrorIds.UnknownRevision, "'nosuch'", "nosuch"),
        Upgrade("an empty target", ErrorIds.InvalidTarget, "empty", ""),
        Upgrade("blank target", ErrorIds.InvalidTarget, "empty", "   "),
        Upgrade("punctuation", ErrorIds.InvalidTarget, "'!!'", "!!"),
        Upgrade("a range with two colons", ErrorIds.InvalidTarget, "'a:b:c'", "a:b:c"),
        Upgrade("a zero step", ErrorIds.InvalidTarget, "'+0'", "+0"),
        Upgrade("too many steps up", ErrorIds.StepOutOfRange, "'+9'", "+9"),
        Upgrade("a downward step", ErrorIds.NotAnUpgradeTarget, "'-1'", "-1"),
        Upgrade("an unknown label's head", ErrorIds.UnknownRevision, "'nolabel'", "nolabel@head"),
        Upgrade("an unknown base of a relative step", ErrorIds.UnknownRevision, "'zz'", "zz+1"),
        Upgrade("a 10 KB target", ErrorIds.InvalidTarget, "…' is not a target", new string('x', 10_000)),
        Upgrade("a prefix of nothing", ErrorIds.UnknownRevision, "'9'", "9"),
        new("a prefix of two revisions", ErrorIds.AmbiguousRevision, "'00'", (_, _) => { }, (f, db) => f.Migrator(db).Upgrade("00").ThrowIfFailed()),
        new("head with two heads", ErrorIds.MultipleHeads, "2 heads", (f, _) => f.Add("b1", "001"), (f, db) => f.Migrator(db).Upgrade("head").ThrowIfFailed()),
        new("a step from two current revisions", ErrorIds.AmbiguousStep, "2 current revisions", (f, db) =>
            {
                f.Add("b1", "001");
                f.Migrator(db).Upgrade("heads").ThrowIfFailed();
                f.Add("m", "002, b1");
            }, (f, db) => f.Migrator(db).Upgrade("+1").ThrowIfFailed()),
        new("a step through a branch point", ErrorIds.AmbiguousStep, "branch point", (f, _) => f.Add("b1", "001"), (f, db) => f.Migrator(db).Upgrade("+1").ThrowIfFailed()),
        Downgrade("an upward step", ErrorIds.NotADowngradeTarget, "'+1'", "+1"),
        Downgrade("a revision not applied", ErrorIds.NotADowngradeTarget, "002 is not applied", "002"),
        Downgrade("too many steps down", ErrorIds.StepOutOfRange, "'-5'", "-5"),
        Downgrade("a downgrade to an unknown revision", ErrorIds.UnknownRevision, "'nosuch'", "nosuch"),
        new("through an irreversible revision", ErrorIds.Irreversible, "001", (f, _) => System.IO.File.WriteAllText(Path.Combine(f.Versions, "001_rev.sql"),
            "-- Revision: 001\n-- +upgrade\nCREATE TABLE t1 (id INT);\n"), (f, db) => f.Migrator(db).Downgrade("base").ThrowIfFailed()),
        new("an offline downgrade without a range", ErrorIds.InvalidTarget, "'base'", (_, _) => { }, (f, db) => f.Migrator(db).RenderDowngrade("base")),
        new("an offline range from an unknown revision", ErrorIds.UnknownRevision, "'nosuch'", (_, _) => { }, (f, db) => f.Migrator(db).RenderUpgrade("nosuch:head")),
        new("stamp of an unknown revision", ErrorIds.UnknownRevision, "'nosuch'", (_, _) => { }, (f, db) => f.Migrator(db).Stamp(["nosuch"])),
        new("history from an unknown revision", ErrorIds.UnknownRevision, "'nosuch'", (_, _) => { }, (f, db) => f.Migrator(db).History("nosuch:")),
        new("history with two colons", ErrorIds.InvalidTarget, "'a:b:c'", (_, _) => { }, (f, db) => f.Migrator(db).History("a:b:c")),
        // New revisions
        Revision("an id that exists", ErrorIds.RevisionExists, "'002'", new NewRevisionRequest("again", "002")),
        Revision("an id with a path in it", ErrorIds.InvalidRevisionId, "'../../escape'", new NewRevisionRequest("escape", "../../escape")),
        Revision("an id 'head'", ErrorIds.InvalidRevisionId, "'head'", new NewRevisionRequest("m", "head")),
        Revision("an empty id", ErrorIds.InvalidRevisionId, "''", new NewRevisionRequest("m", "")),
        Revision("a message of two lines", ErrorIds.InvalidRevisionMessage, "one line", new NewRevisionRequest("two\nlines")),
        Revision("a merge of one head", ErrorIds.NothingToMerge, "1 head", new NewRevisionRequest("m", Merge: true)),
        Revision("a parent that does not exist", ErrorIds.UnknownRevision, "'nope'", new NewRevisionRequest("m", Revises: ["nope"])),
        Revision("a dependency that does not exist", ErrorIds.MissingRevision, "'nope'", new NewRevisionRequest("m", DependsOn: ["nope"])),
        Revision("a label already taken", ErrorIds.DuplicateBranchLabel, "'taken'", new NewRevisionRequest("m", BranchLabels: ["taken"])) with
            { Setup = (f, _) => f.Raw("003_lab.sql", "-- Revision: 003\n-- Revises: 002\n-- Branch-Labels: taken\n-- +upgrade\n") },
        Revision("an invalid label", ErrorIds.InvalidRevisionFile, "'9lives'", new NewRevisionRequest("m", BranchLabels: ["9lives"])),
        new("no parent named with two heads", ErrorIds.MultipleHeads, "2 heads", (f, _) => f.Add("b1", "001"),
            (f, _) => f.Project().PlanRevision(new NewRevisionRequest("m"), DateTimeOffset.UtcNow)),
        // Addresses (each carries a password that must never show)
        Address("sqlite: with no path", ErrorIds.InvalidDatabaseAddress, "file path", "sqlite:"),
        Address("an unknown scheme", ErrorIds.InvalidDatabaseAddress, "expected sqlite:PATH", $"oracle://u:{Pw}@h/db"),
        Address("no scheme at all, and no such name", ErrorIds.UnknownDatabaseName, "neither a database name", "just-a-word"),
        Address("a scheme without //", ErrorIds.InvalidDatabaseAddress, "expected sqlite:PATH", $"postgresql:u:{Pw}@h/db"),
        Address("no database name", ErrorIds.InvalidDatabaseAddress, "names no database", $"postgresql://u:{Pw}@host"),
        Address("an empty database name", ErrorIds.InvalidDatabaseAddress, "names no database", $"postgresql://u:{Pw}@host/"),
        Address("no host", ErrorIds.InvalidDatabaseAddress, "names no host", $"postgresql://u:{Pw}@/db"),
        Address("port 0", ErrorIds.InvalidDatabaseAddress, "port '0'", $"postgresql://u:{Pw}@h:0/db"),
        Address("port 99999", ErrorIds.InvalidDatabaseAddress, "port '99999'", $"mysql://u:{Pw}@h:99999/db"),
        Address("port abc", ErrorIds.InvalidDatabaseAddress, "port 'abc'", $"mysql://u:{Pw}@h:abc/db"),
        Address("an option without a value", ErrorIds.InvalidDatabaseAddress, "'sslmode'", $"postgresql://u:{Pw}@h/db?sslmode"),
        Address("an option without a key", ErrorIds.InvalidDatabaseAddress, "'=x'", $"postgresql://u:{Pw}@h/db?=x"),
        Address("an option PostgreSQL does not know", ErrorIds.InvalidDatabaseAddress, "option 'bogus'", $"postgresql://u:{Pw}@127.0.0.1:1/db?bogus=1"),
        Address("an option MySQL does not know", ErrorIds.InvalidDatabaseAddress, "option 'bogus'", $"mysql://u:{Pw}@127.0.0.1:1/db?bogus=1"),
        Address("a timeout that is not a number", ErrorIds.InvalidDatabaseAddress, "option 'Timeout'", $"postgresql://u:{Pw}@127.0.0.1:1/db?Timeout=soon"),
        Address("a bad password option value", ErrorIds.InvalidDatabaseAddress, "option 'Port'", $"postgresql://u@127.0.0.1:1/db?Port=x&Password={Uri.EscapeDataString(Pw)}"),
        Address("an unset variable", ErrorIds.NoDatabase, "'PSMIGRATE_TEST_UNSET'", "env:PSMIGRATE_TEST_UNSET"),
        Address("a server that refuses", ErrorIds.ConnectionFailed, "127.0.0.1", $"postgresql://u:{Pw}@127.0.0.1:1/db"),
        Address("a MySQL server that refuses", ErrorIds.ConnectionFailed, "127.0.0.1", $"mysql://u:{Pw}@127.0.0.1:1/db"),
        Address("a password with every separator", ErrorIds.InvalidDatabaseAddress, "port '0'", $"postgresql://u:a/b@c:d?e@h:0/db"),
        new("no database anywhere", ErrorIds.NoDatabase, "no database given", (_, _) => { }, (f, _) => f.Project().ForDatabase()),
        // Databases in a state PSMigrate must not guess about
        Database("a NULL version", ErrorIds.InvalidBookkeepingTable, "psmigrate_version",
            "DROP TABLE psmigrate_version; CREATE TABLE psmigrate_version (version_num VARCHAR(64)); INSERT INTO psmigrate_version VALUES (NULL)"),
        Database("an unknown applied revision", ErrorIds.UnknownAppliedRevision, "zzz", "UPDATE psmigrate_version SET version_num = 'zzz'"),
        Database("a second, unknown row", ErrorIds.UnknownAppliedRevision, "zzz", "INSERT INTO psmigrate_version VALUES ('zzz')"),
        Database("a journal row left running", ErrorIds.DirtyDatabase, "'running'",
            "INSERT INTO psmigrate_journal (revision, operation, status, started_at, rolled_back) VALUES ('002', 'upgrade', 'running', '2026-01-01', 0)"),
        Database("a failed step not rolled back", ErrorIds.DirtyDatabase, "'failed'",
            "INSERT INTO psmigrate_journal (revision, operation, status, started_at, rolled_back) VALUES ('002', 'upgrade', 'failed', '2026-01-01', 0)"),
        Database("a journal status nobody writes", ErrorIds.InvalidBookkeepingTable, "psmigrate_journal",
            "INSERT INTO psmigrate_journal (revision, operation, status, started_at, rolled_back) VALUES ('002', 'upgrade', 'maybe', '2026-01-01', 0)"),
        Database("a journal operation nobody writes", ErrorIds.InvalidBookkeepingTable, "psmigrate_journal",
            "INSERT INTO psmigrate_journal (revision, operation, status, started_at, rolled_back) VALUES ('002', 'sideways', 'applied', '2026-01-01', 0)"),
        Database("a journal row without a revision", ErrorIds.InvalidBookkeepingTable, "psmigrate_journal",
            "CREATE TABLE j2 AS SELECT * FROM psmigrate_journal; DROP TABLE psmigrate_journal; CREATE TABLE psmigrate_journal (id INTEGER PRIMARY KEY, revision TEXT, operation TEXT, status TEXT, checksum TEXT, started_at TEXT, finished_at TEXT, duration_ms INT, applied_by TEXT, host TEXT, tool_version TEXT, error TEXT, rolled_back INT); INSERT INTO psmigrate_journal (revision, operation, status, started_at, rolled_back) VALUES (NULL, 'upgrade', 'applied', '2026-01-01', 0)"),
        Database("a version table without its column", ErrorIds.InvalidBookkeepingTable, "psmigrate_version",
            "DROP TABLE psmigrate_version; CREATE TABLE psmigrate_version (v TEXT)"),
        new("a view named like the version table", ErrorIds.InvalidBookkeepingTable, "psmigrate_version", (_, db) =>
            {
                var probe = new DbProbe(db);
                probe.Execute("DROP TABLE psmigrate_version");
                probe.Execute("CREATE VIEW psmigrate_version AS SELECT '001' AS version_num");
            }, (f, db) => f.Migrator(db).Upgrade().ThrowIfFailed()),
        File("a 1 MB revision id", ErrorIds.InvalidRevisionFile, "…' is not a revision id", $"-- Revision: {new string('r', 1_000_000)}-\n-- +upgrade\n"),
        Database("a home-made journal", ErrorIds.InvalidBookkeepingTable, "psmigrate_journal",
            "DROP TABLE psmigrate_journal; CREATE TABLE psmigrate_journal (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO psmigrate_journal (name) VALUES ('init')"),
        new("a held migration lock", ErrorIds.LockTimeout, "another PSMigrate run holds the migration lock", (_, _) => { }, (f, db) =>
            {
                using var held = new FileStream(db["sqlite:".Length..] + ".psmigrate-lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                f.Migrator(db, TimeSpan.FromMilliseconds(300)).Upgrade().ThrowIfFailed();
            }),
        new("a held lock during a stamp", ErrorIds.LockTimeout, "migration lock", (_, _) => { }, (f, db) =>
            {
                using var held = new FileStream(db["sqlite:".Length..] + ".psmigrate-lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                f.Migrator(db, TimeSpan.FromMilliseconds(300)).Stamp(["002"]);
            }),
        // The file system
        new("a folder that does not exist", ErrorIds.FolderNotFound, "nowhere", (_, _) => { }, (f, _) => MigrationProject.Load(Path.Combine(f.Path, "nowhere"))),
        new("a FIFO among the revisions", ErrorIds.FileError, "fifo.sql", (f, _) => ProcessRunner.Run("mkfifo", [Path.Combine(f.Versions, "fifo.sql")]), (f, db) => f.Migrator(db)),
        new("a dangling symlink", ErrorIds.FileError, "dangling.sql", (f, _) => System.IO.File.CreateSymbolicLink(Path.Combine(f.Versions, "dangling.sql"), "nowhere.sql"), (f, db) => f.Migrator(db)),
        new("a symlink loop", ErrorIds.FileError, "loop.sql", (f, _) => System.IO.File.CreateSymbolicLink(Path.Combine(f.Versions, "loop.sql"), "loop.sql"), (f, db) => f.Migrator(db)),
        new("a lock file that is a folder", ErrorIds.FileError, "psmigrate-lock", (_, db) =>
            {
                System.IO.File.Delete(db["sqlite:".Length..] + ".psmigrate-lock");
                Directory.CreateDirectory(db["sqlite:".Length..] + ".psmigrate-lock");
            },
            (f, db) => f.Migrator(db).Upgrade().ThrowIfFailed()),
        new("a new revision where versions/ is a file", ErrorIds.FileError, "versions", (f, _) =>
            {
                Directory.Delete(f.Versions, true);
                System.IO.File.WriteAllText(f.Versions, "not a folder");
            }, (f, _) => f.Project().WriteRevision(f.Project().PlanRevision(new NewRevisionRequest("first"), DateTimeOffset.UtcNow))),
        new("a revision file that is a folder of links", ErrorIds.FileError, "link.sql", (f, _) => System.IO.File.CreateSymbolicLink(Path.Combine(f.Versions, "link.sql"), "/proc/self/fd/999999"),
            (f, db) => f.Migrator(db)),
    ];

    public static IEnumerable<object[]> Names => Cases.Select(c => new object[] { c.Name });

    [Fact]
    public void The_corpus_covers_every_class_with_many_cases() => Assert.True(Cases.Count >= 150 - BadInputTests.CaseCount, $"{Cases.Count} cases");

    [Theory, MemberData(nameof(Names))]
    public void Refused(string name)
    {
        var c = Cases.Single(x => x.Name == name);
        using var f = new FolderBuilder()
            .Add("001", up: "CREATE TABLE t1 (id INT PRIMARY KEY);", down: "DROP TABLE t1;")
            .Add("002", "001", up: "CREATE TABLE t2 (id INT);", down: "DROP TABLE t2;");
        var db = databases.Create(TestDialect.Sqlite);
        f.Migrator(db).Upgrade("001").ThrowIfFailed();
        c.Setup(f, db);
        BadInputTests.Refused(f, db, c.ErrorId, c.Culprit, () => c.Act(f, db), c.Journaled);
    }
}
