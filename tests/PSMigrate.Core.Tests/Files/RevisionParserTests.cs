using PSMigrate.Dialects;
using PSMigrate.Files;

namespace PSMigrate.Tests.Files;

public class RevisionParserTests
{
    private const string Full = """
        -- Revision: 007
        -- Revises: 005, 006
        -- Message: add column foo to runs
        -- Created: 2026-11-22T10:15:00Z
        -- Branch-Labels: reports
        -- Depends-On: 003
        -- transaction: none

        -- a comment before the first section is fine
        -- +upgrade
        ALTER TABLE runs ADD COLUMN foo TEXT;

        -- +upgrade postgresql autocommit
        ALTER TYPE run_status ADD VALUE 'CANCELLED';

        -- +upgrade sqlite, mysql
        SELECT 1;
        -- +statement-begin
        CREATE TRIGGER t AFTER INSERT ON runs BEGIN UPDATE runs SET foo = 'x'; END;
        -- +statement-end

        -- +downgrade
        ALTER TABLE runs DROP COLUMN foo;
        """;

    [Fact]
    public void Reads_every_header_key_and_section()
    {
        var r = RevisionParser.Parse(Full, "v/007.sql");

        Assert.Equal("007", r.Id);
        Assert.Equal(["005", "006"], r.Revises);
        Assert.Equal("add column foo to runs", r.Message);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 10, 15, 0, TimeSpan.Zero), r.Created);
        Assert.Equal(["reports"], r.BranchLabels);
        Assert.Equal(["003"], r.DependsOn);
        Assert.Equal(RevisionTransaction.None, r.Transaction);
        Assert.True(r.IsReversible);

        Assert.Equal(4, r.Sections.Count);
        Assert.Null(r.Sections[0].Dialects);
        Assert.Equal(11, r.Sections[0].Chunks[0].Line);
        Assert.True(r.Sections[1].Autocommit);
        Assert.Equal([DialectKind.PostgreSql], r.Sections[1].Dialects!);
        Assert.Equal(new HashSet<DialectKind> { DialectKind.Sqlite, DialectKind.MySql }, r.Sections[2].Dialects!.ToHashSet());
        Assert.Equal(2, r.Sections[2].Chunks.Count);
        Assert.True(r.Sections[2].Chunks[1].IsCompound);
        Assert.Equal("CREATE TRIGGER t AFTER INSERT ON runs BEGIN UPDATE runs SET foo = 'x'; END", r.Sections[2].Chunks[1].Text);
        Assert.Equal(Direction.Downgrade, r.Sections[3].Direction);

        Assert.Equal(2, r.SectionsFor(Direction.Upgrade, DialectKind.PostgreSql).Count());
        Assert.Equal(2, r.SectionsFor(Direction.Upgrade, DialectKind.Sqlite).Count());
    }

    [Fact]
    public void A_file_without_downgrade_is_irreversible_and_an_empty_downgrade_is_a_no_op()
    {
        var irreversible = RevisionParser.Parse("-- Revision: a\n-- +upgrade\nSELECT 1;\n", "a.sql");
        var noop = RevisionParser.Parse("-- Revision: a\n-- +upgrade\nSELECT 1;\n-- +downgrade\n", "a.sql");
        Assert.False(irreversible.IsReversible);
        Assert.True(noop.IsReversible);
        Assert.Empty(noop.Sections[1].Chunks);
        Assert.Empty(irreversible.Revises);
    }

    [Fact]
    public void Checksum_ignores_line_ending_style_but_not_content()
    {
        var unix = RevisionParser.Parse("-- Revision: a\n-- +upgrade\nSELECT 1;\n", "a.sql");
        var windows = RevisionParser.Parse("-- Revision: a\r\n-- +upgrade\r\nSELECT 1;\r\n", "a.sql");
        var edited = RevisionParser.Parse("-- Revision: a\n-- +upgrade\nSELECT 2;\n", "a.sql");
        Assert.Equal(unix.Checksum, windows.Checksum);
        Assert.NotEqual(unix.Checksum, edited.Checksum);
        Assert.Matches("^[0-9a-f]{64}$", unix.Checksum);
    }

    [Theory]
    [InlineData("-- Revision: a\n-- Colour: blue\n", 2, "unknown header key 'Colour'")]
    [InlineData("-- Message: hi\n\n-- +upgrade\n", 1, "missing '-- Revision: <id>'")]
    [InlineData("-- Revision: a-b\n", 1, "not a revision id")]
    [InlineData("-- Revision: head\n", 1, "reserved word")]
    [InlineData("-- Revision: a\n-- Revises: x y\n", 2, "Revises 'x y'")]
    [InlineData("-- Revision: a\n-- Created: yesterday\n", 2, "not an ISO-8601 timestamp")]
    [InlineData("-- Revision: a\n-- Transaction: sometimes\n", 2, "must be 'per-revision' or 'none'")]
    [InlineData("-- Revision: a\n-- Revision: b\n", 2, "appears twice")]
    [InlineData("-- Revision: a\n-- Branch-Labels: 9lives\n", 2, "branch label '9lives'")]
    [InlineData("-- Revision: a\n\nCREATE TABLE t (x INT);\n", 3, "SQL before the first")]
    [InlineData("-- Revision: a\n-- +upgrade sqlserver\n", 2, "unknown section option 'sqlserver'")]
    [InlineData("-- Revision: a\n-- +upgrade\n-- +sideways\n", 3, "unknown marker '-- +sideways'")]
    [InlineData("-- Revision: a\n-- +upgrade\n-- +statement-begin\nSELECT 1;\n", 3, "never closed")]
    [InlineData("-- Revision: a\n-- +upgrade\n-- +statement-end\n", 3, "without '-- +statement-begin'")]
    [InlineData("-- Revision: a\n-- Revises: b, b\n", 2, "names 'b' twice")]
    public void Malformed_files_name_the_file_and_line(string text, int line, string expected)
    {
        var e = Assert.Throws<MigrationException>(() => RevisionParser.Parse(text, "versions/bad.sql"));
        Assert.Equal(ErrorIds.InvalidRevisionFile, e.ErrorId);
        Assert.Equal("versions/bad.sql", e.FilePath);
        Assert.Equal(line, e.Line);
        Assert.StartsWith($"versions/bad.sql:{line}: ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Header_keys_are_case_insensitive_and_a_byte_order_mark_is_ignored()
    {
        var r = RevisionParser.Parse("\uFEFF-- REVISION: A1\n-- revises: \n-- branch-labels: x\n", "a.sql");
        Assert.Equal("A1", r.Id);
        Assert.Empty(r.Revises);
        Assert.Equal(["x"], r.BranchLabels);
    }
}
