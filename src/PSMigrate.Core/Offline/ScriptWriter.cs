using System.Text;
using PSMigrate.Compilation;
using PSMigrate.Dialects;

namespace PSMigrate.Offline;

/// <summary>
/// Prints a command list as one SQL script for a dialect's own client (sqlite3, psql, mysql),
/// without connecting. The journal is left out: a script cannot know who runs it, when, or
/// whether it succeeds. A BEGIN is printed with the first statement it guards, so a transaction
/// that holds only journal writes leaves no empty BEGIN; COMMIT; pair behind.
/// </summary>
internal static class ScriptWriter
{
    public static string Write(string title, IReadOnlyList<MigrationCommand> commands, SqlDialect dialect)
    {
        var syntax = dialect.Script;
        var output = new StringBuilder().Append("-- PSMigrate ").Append(title).Append(" (").Append(dialect.Kind.Name()).Append(")\n");
        var beginPending = false;
        var open = false;
        var guardedOut = false;

        void Line(string text)
        {
            if (beginPending)
            {
                output.Append(syntax.Begin).Append('\n');
                beginPending = false;
                open = true;
            }
            output.Append(text).Append('\n');
        }

        foreach (var command in commands)
        {
            switch (command)
            {
                case PrepareSession prepare:
                    output.Append(prepare.Sql).Append(";\n");
                    break;
                case ScriptPrologue prologue:
                    output.Append(prologue.Text).Append('\n');
                    break;
                case RestoreSession restore:
                    Line(restore.Sql + ";");
                    break;
                case CheckForeignKeys check:
                    // sqlite3 prints any dangling reference; a script cannot stop on it as a run does.
                    Line(check.Query + ";");
                    break;
                case CreateBookkeeping create:
                    output.Append('\n');
                    foreach (var statement in create.VersionTable) output.Append(statement).Append(";\n");
                    break;
                case StartStep start:
                    var step = start.Step;
                    var r = step.Revision;
                    output.Append("\n-- Running ").Append(step.Direction.ToString().ToLowerInvariant()).Append(' ')
                        .Append(Describe(step.Before)).Append(" -> ").Append(Describe(step.After))
                        .Append(": ").Append(r.Id).Append(r.Message is null ? "" : " " + r.Message).Append('\n');
                    break;
                case BeginTransaction:
                    beginPending = syntax.Begin is not null;
                    break;
                case CommitTransaction:
                    if (open) output.Append(syntax.Commit).Append('\n');
                    beginPending = open = false;
                    break;
                case StartGuard start when syntax.ClientConditionals:
                    var literal = "'" + start.Guard.Table.Replace("'", "''") + "'";
                    Line($"SELECT ({start.Query.Replace("@name", literal)}) {(start.Guard.MustExist ? ">" : "=")} 0 AS psmigrate_guard \\gset");
                    Line("\\if :psmigrate_guard");
                    break;
                case StartGuard start:
                    // One assumption for every guard, so the script is one consistent database: the table exists.
                    guardedOut = !start.Guard.MustExist;
                    Line($"-- Guarded '{start.Guard}': this client cannot test it; the script assumes {start.Guard.Table} exists, " +
                         $"so the section {(guardedOut ? "is left out (commented)" : "runs")} (psmigrate upgrade tests it online)");
                    break;
                case EndGuard when syntax.ClientConditionals:
                    Line("\\endif");
                    break;
                case EndGuard:
                    guardedOut = false;
                    Line("-- end of the guarded section");
                    break;
                case RunStatement run when guardedOut:
                    Line("-- " + syntax.Terminate(run.Statement).Replace("\n", "\n-- "));
                    break;
                case RunStatement run:
                    Line(syntax.Terminate(run.Statement));
                    break;
                case ChangeVersions change:
                    Line(change.Sql + ";");
                    break;
                case JournalStep or JournalStamp or FinishStep:
                    break;
                default:
                    throw new InvalidOperationException($"the script writer does not know {command.GetType().Name}");
            }
        }
        return output.ToString();
    }

    public static string Describe(IReadOnlyList<string> rows) => rows.Count == 0 ? "base" : string.Join(", ", rows);
}
