using System.Data.Common;
using System.Diagnostics;
using PSMigrate.Dialects;
using PSMigrate.Schema;
using PSMigrate.Schema.Sources;
using PSMigrate.Sql;

namespace PSMigrate.Checks;

/// <summary>
/// Each file of snapshots/: a SQLite database file, or a dump (NAME.sql, or NAME.DIALECT.sql for
/// one dialect) loaded as the database's own client loads it (a default pg_dump, a mysqldump with
/// triggers), into a scratch database. NAME.before.sql's queries run first and must return no
/// rows (the old state, before the migration); then the snapshot is upgraded to the heads and
/// compared with a fresh upgrade, and NAME.check.sql's queries must return no rows.
/// </summary>
internal static class SnapshotCheck
{
    public static void Run(SchemaBuild build, string folderPath, DatabaseSchema heads, CheckLog log)
    {
        var folder = Path.Combine(folderPath, "snapshots");
        if (!Directory.Exists(folder)) return;
        var dialect = build.Dialect;
        foreach (var file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            if (name.EndsWith(".check.sql", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".before.sql", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith('.')) continue;
            var isDump = name.EndsWith(".sql", StringComparison.OrdinalIgnoreCase);
            var parts = name.Split('.');
            var only = isDump && parts.Length >= 3 ? DialectNames.Parse(parts[^2]) : null;
            if (only is { } kind && kind != dialect.Kind) continue;
            if (!isDump && !dialect.DatabaseIsFile) continue;
            var stem = only is not null ? string.Join('.', parts[..^2]) : Path.GetFileNameWithoutExtension(name);
            var clock = Stopwatch.StartNew();
            try
            {
                using var scratch = new ScratchRun(build);
                if (isDump)
                {
                    using var connection = scratch.Scratch.Open();
                    dialect.LoadDump(connection, file);
                }
                else File.Copy(file, scratch.Scratch.Address.FilePath!, overwrite: true);
                var before = Path.Combine(folder, stem + ".before.sql");
                var failures = File.Exists(before) ? CheckQueries(scratch, before).ToList() : [];
                var run = scratch.Runner.Upgrade("heads");
                if (!run.Succeeded)
                {
                    log.Add("snapshot", name, CheckStatus.Failed, $"{file}: the upgrade to the heads failed: {run.Failure!.Message}", clock, dialect);
                    continue;
                }
                var diff = SchemaWorkbench.Diff(heads, scratch.Inspect(), dialect, "a fresh upgrade", file);
                failures.AddRange(diff.Differences.Select(d => d.Description));
                var checks = Path.Combine(folder, stem + ".check.sql");
                if (File.Exists(checks)) failures.AddRange(CheckQueries(scratch, checks));
                log.Add("snapshot", name, failures.Count == 0 ? CheckStatus.Passed : CheckStatus.Failed,
                    failures.Count == 0 ? $"{file}: upgraded {run.Steps.Count} revision(s) to the heads; schema and checks as expected"
                        : $"{file}: {string.Join("; ", failures)}", clock, dialect);
            }
            catch (MigrationException e)
            {
                log.Add("snapshot", name, CheckStatus.Failed, e.Message, clock, dialect);
            }
            // Whatever else a snapshot makes a driver throw is that snapshot's failed result, not the end of the test run.
            catch (Exception e) when (e is DbException or InvalidOperationException or NotSupportedException or IOException or FormatException)
            {
                log.Add("snapshot", name, CheckStatus.Failed, $"{file}: {e.Message}", clock, dialect);
            }
        }
    }

    private static IEnumerable<SqlStatement> Statements(SqlDialect dialect, string path) =>
        StatementSplitter.Split(new SqlChunk(File.ReadAllText(path), 1, false), dialect.Lexer, path);

    /// <summary>Each query of a .before.sql or .check.sql file that returns rows, with the first of them.</summary>
    private static IEnumerable<string> CheckQueries(ScratchRun scratch, string path)
    {
        using var connection = scratch.Scratch.Open();
        var found = new List<string>();
        foreach (var statement in Statements(scratch.Dialect, path))
        {
            using var command = connection.CreateCommand();
            command.CommandText = statement.Text;
            try
            {
                using var reader = command.ExecuteReader();
                if (reader.Read())
                    found.Add($"{path}:{statement.Line}: the check returned rows, the first ({string.Join(", ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)))})");
            }
            catch (DbException e) { found.Add($"{path}:{statement.Line}: {e.Message}"); }
        }
        return found;
    }
}
