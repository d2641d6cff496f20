using PSMigrate.Sql;

namespace PSMigrate.Dialects;

/// <summary>
/// How an offline script is spelled for a dialect's own client (sqlite3, psql, mysql): its
/// transaction statements (none where DDL commits implicitly) and how a statement ends.
/// </summary>
internal sealed record ScriptSyntax(string? Begin, string? Commit, bool DelimiterForCompound)
{
    public string Terminate(SqlStatement statement) =>
        statement.IsCompound && DelimiterForCompound ? $"DELIMITER //\n{statement.Text} //\nDELIMITER ;" : statement.Text + ";";
}
