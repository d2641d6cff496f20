using FsCheck;
using FsCheck.Fluent;
using PSMigrate.Dialects;
using PSMigrate.Sql;
using PSMigrate.Files;

namespace PSMigrate.Tests.Dialects;

public class StatementSplitterTests
{
    private static readonly SplitterRules Sqlite = SqlDialect.For(DialectKind.Sqlite).Lexer;
    private static readonly SplitterRules Postgres = SqlDialect.For(DialectKind.PostgreSql).Lexer;
    private static readonly SplitterRules MySql = SqlDialect.For(DialectKind.MySql).Lexer;

    private static string[] Split(string sql, SplitterRules rules, int line = 1) =>
        StatementSplitter.Split(new SqlChunk(sql, line, false), rules, "f.sql").Select(s => s.Text).ToArray();

    [Fact]
    public void Splits_on_top_level_semicolons_and_drops_empty_statements_and_leading_comments()
    {
        Assert.Equal(["CREATE TABLE a (x INT)", "INSERT INTO a VALUES (1)"],
            Split("-- first\nCREATE TABLE a (x INT);\n;\n  /* c */ INSERT INTO a VALUES (1)", Sqlite));
    }

    [Fact]
    public void Semicolons_inside_quotes_identifiers_and_comments_do_not_split()
    {
        Assert.Equal(["INSERT INTO t VALUES ('a;b', 'it''s;')", "SELECT \"we;ird\" FROM t -- trailing; comment"],
            Split("INSERT INTO t VALUES ('a;b', 'it''s;');\nSELECT \"we;ird\" FROM t -- trailing; comment\n;", Sqlite));
        Assert.Single(Split("SELECT 1 /* a; b */ + 2", Sqlite));
        Assert.Single(Split("SELECT [a;b] FROM `c;d`", Sqlite));
    }

    [Fact]
    public void A_MySQL_stored_program_is_one_statement_without_markers_as_the_server_takes_it()
    {
        var procedure = """
            CREATE DEFINER=`admin`@`%` PROCEDURE refresh_totals(IN since DATE)
            BEGIN
              DECLARE done INT DEFAULT 0;
              IF since IS NULL THEN SET since = CURDATE(); END IF;
              UPDATE totals SET n = CASE WHEN n IS NULL THEN 0 ELSE n + 1 END WHERE day >= since;
              label1: LOOP
                SET done = done + 1;
                IF done > 3 THEN LEAVE label1; END IF;
              END LOOP label1;
              BEGIN
                SELECT 1;
              END;
            END
            """;
        var statements = StatementSplitter.Split(new SqlChunk(procedure + ";\nCREATE TABLE after_it (id INT);", 1, false), MySql, "f.sql");
        Assert.Equal([procedure, "CREATE TABLE after_it (id INT)"], statements.Select(s => s.Text));
        Assert.True(statements[0].IsCompound);
        Assert.False(statements[1].IsCompound);
        Assert.Equal(14, statements[1].Line);
        // A trigger with a body, and MariaDB's anonymous block, likewise; CASE ... END in a plain statement changes nothing.
        Assert.Equal(2, Split("CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW BEGIN SET NEW.x = 1; SET NEW.y = 2; END;\nSELECT 1;", MySql).Length);
        Assert.Equal(2, Split("BEGIN NOT ATOMIC SELECT 1; SELECT 2; END;\nSELECT 3;", MySql).Length);
        Assert.Equal(3, Split("SELECT CASE WHEN 1 THEN 2 END; SELECT 2; SELECT 3;", MySql).Length);
        // PostgreSQL's BEGIN is a transaction: nothing changes there.
        Assert.Equal(2, Split("BEGIN; SELECT 1;", Postgres).Length);
    }

    [Fact]
    public void A_MySQL_DELIMITER_line_changes_what_ends_a_statement_as_in_the_mysql_client()
    {
        var script = """
            CREATE TABLE a (id INT);
            DELIMITER ;;
            CREATE TRIGGER a_ins AFTER INSERT ON a FOR EACH ROW BEGIN
              INSERT INTO log VALUES (NEW.id);
            END ;;
            CREATE FUNCTION f() RETURNS INT RETURN 1 ;;
            DELIMITER ;
            INSERT INTO a VALUES (1);
            delimiter //
            SELECT 'x; y' //
            """;
        var statements = StatementSplitter.Split(new SqlChunk(script, 1, false), MySql, "dump.sql");
        Assert.Equal(["CREATE TABLE a (id INT)",
            "CREATE TRIGGER a_ins AFTER INSERT ON a FOR EACH ROW BEGIN\n  INSERT INTO log VALUES (NEW.id);\nEND",
            "CREATE FUNCTION f() RETURNS INT RETURN 1", "INSERT INTO a VALUES (1)", "SELECT 'x; y'"], statements.Select(s => s.Text));
        Assert.Equal([1, 3, 6, 8, 10], statements.Select(s => s.Line));
        Assert.True(statements[1].IsCompound);
        // DELIMITER means nothing outside MySQL.
        Assert.Equal(["DELIMITER", "SELECT 1"], Split("DELIMITER ;;\nSELECT 1;", Postgres));
    }

    [Fact]
    public void Postgres_dollar_quotes_and_nested_comments()
    {
        var body = """
            CREATE FUNCTION f() RETURNS trigger AS $body$
            BEGIN
              PERFORM 1; RETURN NEW;
            END;
            $body$ LANGUAGE plpgsql;
            DO $$ BEGIN RAISE NOTICE 'x;y'; END $$;
            SELECT $1, a$b FROM t /* outer /* inner; */ still; */;
            SELECT E'it\'s;'
            """;
        var statements = Split(body, Postgres);
        Assert.Equal(4, statements.Length);
        Assert.StartsWith("CREATE FUNCTION", statements[0]);
        Assert.EndsWith("LANGUAGE plpgsql", statements[0]);
        Assert.StartsWith("DO $$", statements[1]);
        Assert.Equal("SELECT E'it\\'s;'", statements[3]);
    }

    [Fact]
    public void MySql_backticks_hash_comments_and_backslash_escapes()
    {
        var statements = Split("# note; here\nINSERT INTO `a;b` VALUES ('x\\';y', \"q\\\";\");\nSELECT 1", MySql);
        Assert.Equal(["INSERT INTO `a;b` VALUES ('x\\';y', \"q\\\";\")", "SELECT 1"], statements);
        // In PostgreSQL '#' is an operator, not a comment.
        Assert.Equal(["SELECT 1 # 2", "SELECT 3"], Split("SELECT 1 # 2;SELECT 3", Postgres));
    }

    [Fact]
    public void Statements_carry_the_line_they_start_on()
    {
        var statements = StatementSplitter.Split(new SqlChunk("\n-- c\nSELECT 1;\n\nSELECT\n 'a\nb';\nSELECT 3;", 10, false), Sqlite, "f.sql");
        Assert.Equal([12, 14, 17], statements.Select(s => s.Line));
    }

    [Theory]
    [InlineData("SELECT 'abc", "string")]
    [InlineData("SELECT \"abc", "quoted identifier")]
    [InlineData("SELECT 1 /* never", "block comment")]
    public void An_unterminated_quote_or_comment_names_file_and_line(string sql, string what)
    {
        var e = Assert.Throws<MigrationException>(() => StatementSplitter.Split(new SqlChunk("SELECT 1;\n" + sql, 5, false), Sqlite, "v/a.sql"));
        Assert.Equal(ErrorIds.UnterminatedSql, e.ErrorId);
        Assert.Equal(6, e.Line);
        Assert.Equal($"v/a.sql:6: {what} is never closed", e.Message);
    }

    [Fact]
    public void Unterminated_dollar_quote_is_an_error()
    {
        var e = Assert.Throws<MigrationException>(() => Split("SELECT $x$ abc $y$", Postgres));
        Assert.Contains("dollar-quoted string $x$", e.Message);
    }

    [Fact]
    public void Compound_chunks_stay_whole()
    {
        var s = StatementSplitter.Split(new SqlChunk("BEGIN; SELECT 1; END", 3, true), MySql, "f.sql");
        Assert.Equal([new SqlStatement("BEGIN; SELECT 1; END", 3, true)], s);
    }

    /// <summary>Any statements built from quoted or plain pieces come back exactly when joined with ';'.</summary>
    [Fact]
    public void Joining_statements_and_splitting_again_is_the_identity()
    {
        var piece = Gen.Elements(
            "SELECT 1", "'a;b'", "'it''s'", "\"x;y\"", "/* c; */ 1", "$$ a; b $$", "$t$ ; $t$", "E'\\';'", "x", "-- c;\n 2");
        var statement = Gen.ListOf(piece).Where(l => l.Count > 0).Select(l => "SELECT " + string.Join(" ", l));
        Prop.ForAll(Gen.ListOf(statement).Where(l => l.Count > 0).ToArbitrary(), statements =>
        {
            var joined = string.Join(";\n", statements);
            var back = Split(joined, Postgres);
            return back.SequenceEqual(statements.Select(s => s.TrimEnd()));
        }).QuickCheckThrowOnFailure();
    }
}
