using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using PSMigrate.Dialects;
using PSMigrate.Planning;
using PSMigrate.Schema;
using PSMigrate.Schema.Comparison;
using PSMigrate.Schema.Inspection;
using PSMigrate.Schema.Sources;
using PSMigrate.Scripts;

namespace PSMigrate.Testing;

/// <summary>
/// pytest-alembic's checks, Dagster's snapshots and Atlas's lint, in one pass per dialect on a
/// scratch database: the graph; each revision upgraded alone; each reversible one undone and
/// redone, the schema compared before and after; lint on each revision as it is about to run;
/// schema.sql against the heads; everything undone to base; every snapshot upgraded and compared;
/// and with a live database, its checksums and its drift.
/// </summary>
internal sealed class MigrationTester(MigrationProject project, TestOptions options, string currentDirectory)
{
    private readonly List<CheckResult> _results = [];
    private readonly MigrationConfig _config = project.Folder.Config;

    public IReadOnlyList<CheckResult> Run()
    {
        Graph();
        var workbench = new SchemaWorkbench(project, new SchemaOptions(options.DevDatabase), currentDirectory);
        var dialects = _config.Dialects.Count > 0 ? _config.Dialects : [workbench.Dialect()];
        var devText = options.DevDatabase ?? _config.DevDatabase;
        var dev = devText is null ? null : DatabaseAddress.Parse(_config.ResolveDatabase(devText, currentDirectory)!);
        foreach (var dialect in dialects) OneDialect(dialect, dev, workbench);
        if (options.Database is { } database) LiveDatabase(database);
        return _results;
    }

    private void Add(string check, string? revision, CheckStatus status, string message, Stopwatch clock, DialectKind? dialect) =>
        _results.Add(new CheckResult(check, revision, status, message, clock.Elapsed, dialect?.Name() ?? ""));

    private void Graph()
    {
        var clock = Stopwatch.StartNew();
        var problems = MigrationProject.Check(project.FolderPath)
            .Where(p => p.Severity == ProblemSeverity.Error || p.ErrorId is ErrorIds.MultipleHeads or ErrorIds.MultipleBases).ToList();
        Add("graph", null, problems.Count == 0 ? CheckStatus.Passed : CheckStatus.Failed,
            problems.Count == 0 ? $"{project.Graph.Heads.Count} head(s), as the folder intends" : string.Join("; ", problems.Select(p => $"{p.ErrorId}: {p.Message}")),
            clock, null);
    }

    private void OneDialect(DialectKind dialect, DatabaseAddress? dev, SchemaWorkbench workbench)
    {
        var sql = SqlDialect.For(dialect);
        using var scratch = ScratchDatabase.Create(dialect, dev);
        var migrator = new Migrator(project, scratch.Address, null);
        var plan = MigrationPlanner.Upgrade(project.Graph, [], "heads");
        var othersReversible = project.Folder.Revisions.Count(r => !r.IsReversible) <= 1;
        var lintFound = false;
        var failedAt = -1;
        for (var i = 0; i < plan.Steps.Count; i++)
        {
            var step = plan.Steps[i];
            var r = step.Revision;
            var clock = Stopwatch.StartNew();
            var lines = File.Exists(r.FilePath) ? File.ReadAllLines(r.FilePath) : [];
            using (var connection = scratch.Open())
            {
                foreach (var finding in LintRules.Check(r, dialect, lines, othersReversible && project.Folder.Revisions.Count > 1, (t, c) => ColumnType(connection, dialect, t, c)))
                {
                    var severity = Severity(finding.Rule);
                    if (severity == LintSeverity.Off) continue;
                    lintFound = true;
                    Add($"lint:{finding.Rule.Id}", r.Id, severity == LintSeverity.Error ? CheckStatus.Failed : CheckStatus.Warning,
                        $"{r.FilePath}:{finding.Line}: {finding.Rule.Name}: {finding.Message} ({finding.Rule.Reason}; silence with -- psmigrate:ignore {finding.Rule.Id})",
                        Stopwatch.StartNew(), dialect);
                }
            }
            var before = Fingerprint(scratch, dialect);
            clock.Restart();
            var up = migrator.RunStep(step);
            if (!up.Succeeded)
            {
                Add("upgrade", r.Id, CheckStatus.Failed, up.Failure!.Message, clock, dialect);
                failedAt = i;
                break;
            }
            Add("upgrade", r.Id, CheckStatus.Passed, $"{r.FilePath}: upgraded alone", clock, dialect);
            if (!r.IsReversible) continue;

            clock.Restart();
            var down = migrator.RunStep(step with { Direction = Direction.Downgrade, Before = step.After, After = step.Before });
            var difference = down.Succeeded ? Difference(before, Fingerprint(scratch, dialect), dialect) : null;
            var again = down.Succeeded ? migrator.RunStep(step) : null;
            if (!down.Succeeded) Add("up-down", r.Id, CheckStatus.Failed, $"the downgrade failed: {down.Failure!.Message}", clock, dialect);
            else if (difference is not null) Add("up-down", r.Id, CheckStatus.Failed, $"upgrade then downgrade does not give back the schema before it: {difference}", clock, dialect);
            else if (!again!.Succeeded) Add("up-down", r.Id, CheckStatus.Failed, $"the upgrade failed on its second run: {again.Failure!.Message}", clock, dialect);
            else Add("up-down", r.Id, CheckStatus.Passed, "upgrade, downgrade and upgrade again; the schema came back each time", clock, dialect);
            if (again is { Succeeded: false } || !down.Succeeded) { failedAt = i; break; }
        }
        if (!lintFound) Add("lint", null, CheckStatus.Passed, $"{LintRules.All.Count} rules, no finding", Stopwatch.StartNew(), dialect);
        if (failedAt >= 0)
        {
            foreach (var rest in plan.Steps.Skip(failedAt + 1))
                Add("upgrade", rest.Revision.Id, CheckStatus.Skipped, $"not run: revision {plan.Steps[failedAt].Revision.Id} failed before it", Stopwatch.StartNew(), dialect);
            return;
        }

        var heads = Inspect(scratch, dialect);
        SchemaFile(workbench, dialect, heads);
        Snapshots(dialect, dev, heads);
        DowngradeToBase(migrator, scratch, dialect);
    }

    private void SchemaFile(SchemaWorkbench workbench, DialectKind dialect, DatabaseSchema heads)
    {
        if (!File.Exists(workbench.DefaultSchemaFile)) return;
        var clock = Stopwatch.StartNew();
        try
        {
            var desired = workbench.Load(new SchemaSource.FromFile(workbench.DefaultSchemaFile), dialect);
            var diff = SchemaWorkbench.Diff(heads, desired, dialect, "migrations@heads", workbench.DefaultSchemaFile);
            Add("schema", null, diff.HasDifferences ? CheckStatus.Failed : CheckStatus.Passed,
                diff.HasDifferences ? $"the heads differ from {workbench.DefaultSchemaFile}: {string.Join("; ", diff.Differences.Select(d => d.Description))}"
                    : $"the heads match {workbench.DefaultSchemaFile}", clock, dialect);
        }
        catch (MigrationException e)
        {
            Add("schema", null, CheckStatus.Failed, e.Message, clock, dialect);
        }
    }

    private void DowngradeToBase(Migrator migrator, ScratchDatabase scratch, DialectKind dialect)
    {
        if (project.Folder.Revisions.Any(r => !r.IsReversible)) return;
        var clock = Stopwatch.StartNew();
        var run = migrator.Downgrade("base");
        var left = run.Succeeded ? Inspect(scratch, dialect) : null;
        var objects = left is null ? [] : left.Tables.Select(t => "table " + t.Name).Concat(left.Views.Select(v => "view " + v.Name))
            .Concat(left.Enums.Select(e => "type " + e.Name)).Concat(left.Sequences.Select(s => "sequence " + s.Name)).Concat(left.Triggers.Select(t => "trigger " + t.Name)).ToList();
        Add("downgrade-to-base", null, run.Succeeded && objects.Count == 0 ? CheckStatus.Passed : CheckStatus.Failed,
            !run.Succeeded ? run.Failure!.Message
            : objects.Count > 0 ? $"after a downgrade to base, the database still holds {string.Join(", ", objects)}"
            : "nothing is left but PSMigrate's own tables", clock, dialect);
    }

    /// <summary>
    /// Each file of snapshots/: a SQLite database file, or a .sql dump (NAME.sql, or NAME.DIALECT.sql
    /// for one dialect), loaded into a scratch database, upgraded to the heads, and compared with a
    /// fresh upgrade; then NAME.check.sql's queries, each of which must return no rows.
    /// </summary>
    private void Snapshots(DialectKind dialect, DatabaseAddress? dev, DatabaseSchema heads)
    {
        var folder = Path.Combine(project.FolderPath, "snapshots");
        if (!Directory.Exists(folder)) return;
        foreach (var file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            if (name.EndsWith(".check.sql", StringComparison.OrdinalIgnoreCase) || name.StartsWith('.')) continue;
            var isDump = name.EndsWith(".sql", StringComparison.OrdinalIgnoreCase);
            var parts = name.Split('.');
            if (isDump && parts.Length >= 3 && DialectNames.Parse(parts[^2]) is { } only && only != dialect) continue;
            if (!isDump && dialect != DialectKind.Sqlite) continue;
            var stem = isDump && parts.Length >= 3 && DialectNames.Parse(parts[^2]) is not null ? string.Join('.', parts[..^2]) : Path.GetFileNameWithoutExtension(name);
            var clock = Stopwatch.StartNew();
            try
            {
                using var scratch = ScratchDatabase.Create(dialect, dev);
                if (isDump) Load(scratch, dialect, file);
                else File.Copy(file, scratch.Address.FilePath!, overwrite: true);
                var run = new Migrator(project, scratch.Address, null).Upgrade();
                if (!run.Succeeded)
                {
                    Add("snapshot", name, CheckStatus.Failed, $"{file}: the upgrade to the heads failed: {run.Failure!.Message}", clock, dialect);
                    continue;
                }
                var diff = SchemaWorkbench.Diff(heads, Inspect(scratch, dialect), dialect, "a fresh upgrade", file);
                var failures = diff.Differences.Select(d => d.Description).ToList();
                var checks = Path.Combine(folder, stem + ".check.sql");
                if (File.Exists(checks)) failures.AddRange(CheckQueries(scratch, dialect, checks));
                Add("snapshot", name, failures.Count == 0 ? CheckStatus.Passed : CheckStatus.Failed,
                    failures.Count == 0 ? $"{file}: upgraded {run.Steps.Count} revision(s) to the heads; schema and checks as expected"
                        : $"{file}: {string.Join("; ", failures)}", clock, dialect);
            }
            catch (MigrationException e)
            {
                Add("snapshot", name, CheckStatus.Failed, e.Message, clock, dialect);
            }
        }
    }

    private static void Load(ScratchDatabase scratch, DialectKind dialect, string dump)
    {
        var rules = SqlDialect.For(dialect).Lexer;
        using var connection = scratch.Open();
        foreach (var statement in Sql.StatementSplitter.Split(new Sql.SqlChunk(File.ReadAllText(dump), 1, false), rules, dump))
        {
            try { Drivers.Execute(connection, statement.Text); }
            catch (DbException e)
            {
                throw new MigrationException(ErrorIds.SchemaFileFailed, $"{dump}:{statement.Line}: {e.Message}", e) { FilePath = dump, Line = statement.Line };
            }
        }
    }

    /// <summary>Each query of a .check.sql file that returns rows, with the first of them.</summary>
    private static IEnumerable<string> CheckQueries(ScratchDatabase scratch, DialectKind dialect, string path)
    {
        using var connection = scratch.Open();
        var found = new List<string>();
        foreach (var statement in Sql.StatementSplitter.Split(new Sql.SqlChunk(File.ReadAllText(path), 1, false), SqlDialect.For(dialect).Lexer, path))
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

    private void LiveDatabase(string database)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var migrator = project.ForDatabase(database);
            var problems = migrator.Check();
            Add("checksums", null, problems.Count == 0 ? CheckStatus.Passed : CheckStatus.Failed,
                problems.Count == 0 ? $"{migrator.Database}: every applied revision is as it ran" : string.Join("; ", problems.Select(p => p.Message)), clock, migrator.Address.Dialect);
            clock.Restart();
            var drift = migrator.CheckDrift(new SchemaOptions(options.DevDatabase));
            Add("drift", null, drift.HasDifferences ? CheckStatus.Failed : CheckStatus.Passed,
                drift.HasDifferences ? $"{migrator.Database} differs from {drift.From}: {string.Join("; ", drift.Differences.Select(d => d.Description))}"
                    : $"{migrator.Database} matches {drift.From}", clock, migrator.Address.Dialect);
        }
        catch (MigrationException e)
        {
            Add("drift", null, CheckStatus.Failed, e.Message, clock, null);
        }
    }

    private LintSeverity Severity(LintRule rule) =>
        _config.Lint.TryGetValue(rule.Id, out var byId) ? byId : _config.Lint.TryGetValue(rule.Name, out var byName) ? byName : rule.Default;

    /// <summary>
    /// A cheap picture of the schema for the before/after comparison: SQLite's own definitions
    /// (one query); elsewhere the inspected model. Equal pictures mean equal schemas; different
    /// ones are compared as models, so a reworded but equal definition does not fail.
    /// </summary>
    private sealed record Picture(string Text, DatabaseSchema? Model);

    private Picture Fingerprint(ScratchDatabase scratch, DialectKind dialect)
    {
        if (dialect != DialectKind.Sqlite)
        {
            var model = Inspect(scratch, dialect);
            return new Picture(SchemaJson.Write(model, dialect.Name()), model);
        }
        using var connection = scratch.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' AND tbl_name NOT IN (@v, @j) " +
                              "ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 WHEN 'view' THEN 2 ELSE 3 END, name";
        AddParameter(command, "@v", _config.VersionTable);
        AddParameter(command, "@j", _config.JournalTable);
        using var reader = command.ExecuteReader();
        var text = new System.Text.StringBuilder();
        while (reader.Read()) text.Append(reader.GetString(0)).Append(";\n");
        return new Picture(text.ToString(), null);
    }

    /// <summary>What differs between two pictures, or null; SQLite's definitions are replayed in memory to be inspected.</summary>
    private string? Difference(Picture before, Picture after, DialectKind dialect)
    {
        if (before.Text == after.Text) return null;
        var comparer = new SchemaComparer(SchemaWorkbench.Names(dialect));
        var changes = comparer.Compare(before.Model ?? Replay(before.Text), after.Model ?? Replay(after.Text));
        return changes.Count == 0 ? null : string.Join("; ", changes.Select(c => c.Describe()));
    }

    private static DatabaseSchema Replay(string definitions)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        foreach (var statement in Sql.StatementSplitter.Split(new Sql.SqlChunk(definitions, 1, false), SqlDialect.For(DialectKind.Sqlite).Lexer, "schema"))
            Drivers.Execute(connection, statement.Text);
        return SchemaInspector.For(DialectKind.Sqlite).Inspect(connection, new HashSet<string>());
    }

    private DatabaseSchema Inspect(ScratchDatabase scratch, DialectKind dialect)
    {
        using var connection = scratch.Open();
        return SchemaInspector.For(dialect).Inspect(connection,
            new HashSet<string>([_config.VersionTable.Split('.')[^1], _config.JournalTable.Split('.')[^1]], StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>A column's type as the database has it now, or null when it has no such column.</summary>
    private static string? ColumnType(DbConnection connection, DialectKind dialect, string table, string column) =>
        Convert.ToString(Drivers.Scalar(connection, dialect switch
        {
            DialectKind.Sqlite => "SELECT type FROM pragma_table_info(@t) WHERE name = @c COLLATE NOCASE",
            DialectKind.PostgreSql => "SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid " +
                                      "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relname = @t AND a.attname = @c",
            _ => "SELECT COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = @t AND COLUMN_NAME = @c",
        }, ("@t", table), ("@c", column)), System.Globalization.CultureInfo.InvariantCulture) is { Length: > 0 } type ? type : null;

    private static void AddParameter(DbCommand command, string name, string value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
