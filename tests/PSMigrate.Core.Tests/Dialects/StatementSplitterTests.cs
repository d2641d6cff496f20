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
