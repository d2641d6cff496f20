using Microsoft.Data.Sqlite;
using PSMigrate.Dialects;
using PSMigrate.Schema.Sources;

namespace PSMigrate.Tests.Schema;

/// <summary>SQLite scratch files: one pooled handle for every run on them, which must come back clean, and nothing left behind.</summary>
public class ScratchDatabaseTests
{
    [Fact]
    public void A_handle_left_in_a_transaction_comes_back_rolled_back_and_the_file_goes_with_the_scratch_database()
    {
        string file;
        using (var scratch = SqlDialect.For(DialectKind.Sqlite).CreateScratch(null))
        {
            file = scratch.Address.FilePath!;
            using (var first = (SqliteConnection)scratch.Open())
            {
                Drivers.Execute(first, "BEGIN");
                Drivers.Execute(first, "CREATE TABLE half_done (id INTEGER)");
            }
            using var second = (SqliteConnection)scratch.Open();
            Assert.Equal(1, SQLitePCL.raw.sqlite3_get_autocommit(second.Handle));
            Assert.Equal(0L, Convert.ToInt64(Drivers.Scalar(second, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'half_done'")));
            // Reads and writes share the handle: a read-only open is served from the same pool.
            using var read = (SqliteConnection)new PSMigrate.Dialects.Sqlite.SqliteDriver().Open(scratch.Address, readOnly: true, TimeSpan.FromSeconds(1))!;
            Assert.Equal(SqliteOpenMode.ReadWriteCreate, new SqliteConnectionStringBuilder(read.ConnectionString).Mode);
        }
        Assert.False(File.Exists(file));
    }
}
