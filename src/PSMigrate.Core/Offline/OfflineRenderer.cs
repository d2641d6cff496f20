using System.Text;
using PSMigrate.Dialects;
using PSMigrate.Planning;
using PSMigrate.Scripts;

namespace PSMigrate.Offline;

/// <summary>
/// Renders a plan as one SQL script for a dialect's own client (sqlite3, psql, mysql), without
/// connecting: version-table creation, each revision's statements, and the version-table
/// updates, in the same transactions an online run would use. The journal is left out: a
/// script cannot know who runs it, when, or whether it succeeds.
/// </summary>
public static class OfflineRenderer
{
    public static string Render(MigrationPlan plan, ISqlDialect dialect, MigrationConfig config)
    {
        var table = dialect.QuoteName(config.VersionTable);
        var output = new StringBuilder()
            .Append("-- PSMigrate ").Append(plan.Direction.ToString().ToLowerInvariant()).Append(' ')
            .Append(Describe(plan.Start)).Append(" -> ").Append(Describe(plan.End))
            .Append(" (").Append(dialect.Kind.ToString().ToLowerInvariant()).Append(")\n\n")
            .Append(dialect.CreateVersionTable(config.VersionTable)).Append(";\n\n");

        var script = new Script(output, dialect);
        foreach (var step in plan.Steps)
        {
            var r = step.Revision;
            output.Append("-- Running ").Append(step.Direction.ToString().ToLowerInvariant()).Append(' ')
                .Append(Describe(step.Before)).Append(" -> ").Append(Describe(step.After))
                .Append(": ").Append(r.Id).Append(r.Message is null ? "" : " " + r.Message).Append('\n');
            var batches = dialect.Compile(r, step.Direction);
            if (dialect.BeginScript is null || r.Transaction == RevisionTransaction.None)
            {
                script.Commit();
                foreach (var batch in batches) script.Statements(batch);
            }
            else
            {
                script.Begin();
                foreach (var batch in batches)
                {
                    if (batch.Autocommit) script.Commit();
                    script.Statements(batch);
                    script.Begin();
                }
            }
            AppendVersionUpdate(output, table, step);
            if (config.TransactionMode == TransactionMode.PerRevision) script.Commit();
            output.Append('\n');
        }
        script.Commit();
        return output.ToString();
    }

    /// <summary>Tracks whether the script has a transaction open, so BEGIN and COMMIT pair up.</summary>
    private sealed class Script(StringBuilder output, ISqlDialect dialect)
    {
        private bool _open;

        public void Begin()
        {
            if (_open || dialect.BeginScript is null) return;
            output.Append(dialect.BeginScript).Append('\n');
            _open = true;
        }

        public void Commit()
        {
            if (!_open) return;
            output.Append(dialect.CommitScript).Append('\n');
            _open = false;
        }

        public void Statements(StatementBatch batch)
        {
            foreach (var statement in batch.Statements) output.Append(dialect.Terminate(statement)).Append('\n');
        }
    }

    /// <summary>A script that replaces the version table's rows, running no migration SQL.</summary>
    public static string RenderStamp(IReadOnlyList<Revision> rows, ISqlDialect dialect, MigrationConfig config)
    {
        var table = dialect.QuoteName(config.VersionTable);
        var output = new StringBuilder()
            .Append("-- PSMigrate stamp -> ").Append(Describe(rows.Select(r => r.Id).ToArray()))
            .Append(" (").Append(dialect.Kind.ToString().ToLowerInvariant()).Append(")\n\n")
            .Append(dialect.CreateVersionTable(config.VersionTable)).Append(";\n");
        if (dialect.BeginScript is not null) output.Append(dialect.BeginScript).Append('\n');
        output.Append("DELETE FROM ").Append(table).Append(";\n");
        foreach (var r in rows) output.Append("INSERT INTO ").Append(table).Append(" (version_num) VALUES (").Append(Literal(r.Id)).Append(");\n");
        if (dialect.CommitScript is not null) output.Append(dialect.CommitScript).Append('\n');
        return output.ToString();
    }

    private static void AppendVersionUpdate(StringBuilder output, string table, MigrationStep step)
    {
        foreach (var (old, @new) in step.RowChanges)
        {
            if (old is not null && @new is not null)
                output.Append("UPDATE ").Append(table).Append(" SET version_num = ").Append(Literal(@new))
                    .Append(" WHERE version_num = ").Append(Literal(old)).Append(";\n");
            else if (old is not null)
                output.Append("DELETE FROM ").Append(table).Append(" WHERE version_num = ").Append(Literal(old)).Append(";\n");
            else
                output.Append("INSERT INTO ").Append(table).Append(" (version_num) VALUES (").Append(Literal(@new!)).Append(");\n");
        }
    }

    // Revision ids are [A-Za-z0-9_], so doubling quotes is only a second line of defence.
    private static string Literal(string id) => "'" + id.Replace("'", "''") + "'";

    private static string Describe(IReadOnlyList<string> rows) => rows.Count == 0 ? "base" : string.Join(", ", rows);
}
