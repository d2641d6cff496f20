using PSMigrate.Bookkeeping;
using PSMigrate.Dialects;

namespace PSMigrate.Tests.Dialects;

public class SqlDialectTests
{
    [Fact]
    public void Every_dialect_has_a_definition_and_an_unknown_one_is_refused_rather_than_taken_for_mysql()
    {
        Assert.Equal(Enum.GetValues<DialectKind>(), Enum.GetValues<DialectKind>().Select(k => SqlDialect.For(k).Kind));
        Assert.Throws<ArgumentOutOfRangeException>(() => SqlDialect.For((DialectKind)99));
        Assert.Throws<ArgumentOutOfRangeException>(() => ((DialectKind)99).Name());
    }

    [Theory]
    [InlineData("sqlite", "Sqlite")]
    [InlineData("PostgreSQL", "PostgreSql")]
    [InlineData("postgres", "PostgreSql")]
    [InlineData("mariadb", "MySql")]
    [InlineData("MySQL", "MySql")]
    public void Dialect_names_are_read_in_one_place_for_addresses_and_sections(string word, string expected)
    {
        var kind = Enum.Parse<DialectKind>(expected);
        Assert.Equal(kind, DialectNames.Parse(word));
        if (kind != DialectKind.Sqlite) Assert.Equal(kind, DatabaseAddress.Parse($"{word}://u@h/db").Dialect);
    }

    [Fact]
    public void The_journal_table_is_built_from_one_column_list_for_every_dialect()
    {
        foreach (var kind in Enum.GetValues<DialectKind>())
        {
            var sql = SqlDialect.For(kind).Tables("v", "j");
            var ddl = string.Join("\n", sql.CreateJournalTable());
            foreach (var column in BookkeepingSql.JournalColumns)
            {
                Assert.Contains($"\n    {column.Name} ", ddl);
                Assert.Contains(column.Name, sql.LastJournalEntry);
                if (column.Kind != ColumnKind.Identity) Assert.Contains("@" + column.Name, sql.InsertJournal);
            }
        }
    }
}
