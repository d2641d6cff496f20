using PSMigrate.Sql;

namespace PSMigrate.Dialects;

/// <summary>
/// How an offline script is spelled for a dialect's own client (sqlite3, psql, mysql): its
/// transaction statements (none where DDL commits implicitly), how a statement ends, and whether
/// the client can run statements only when a query says so (psql's <c>\gset</c> and <c>\if</c>).
/// </summary>
internal sealed record ScriptSyntax(string? Begin, string? Commit, bool DelimiterForCompound, bool ClientConditionals = false)
{
    public string Terminate(SqlStatement statement) =>
        statement.IsCompound && DelimiterForCompound ? $"DELIMITER //\n{statement.Text} //\nDELIMITER ;" : statement.Text + ";";
}
