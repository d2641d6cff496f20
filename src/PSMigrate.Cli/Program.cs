using System.CommandLine;
using PSMigrate;
using PSMigrate.Authoring;
using PSMigrate.Cli;

// psmigrate: the command-line front end. Each command turns its options into one engine call
// and prints what comes back; no migration logic lives here.
var path = new Option<string[]>("--path", "-p") { Description = "Migration folder (default: the current directory); upgrade, downgrade, stamp and current take it more than once", Recursive = true, DefaultValueFactory = _ => ["."] };
var database = new Option<string[]>("--database", "-d")
{
    Description = "Database address (sqlite:PATH, postgresql://user@host/db, mysql://user@host/db), env:NAME, or a name from psmigrate.json's \"databases\"; upgrade, downgrade, stamp and current take it more than once",
    Recursive = true,
};
var json = new Option<bool>("--json") { Description = "Write JSON instead of a table", Recursive = true };
var lockTimeout = new Option<int?>("--lock-timeout")
{
    Description = "Seconds to wait for another run's migration lock (default 300)",
    Recursive = true,
    CustomParser = result => WholeNumber(result, "--lock-timeout", 0, 86400, " of seconds"),
};
var commandTimeout = new Option<int?>("--command-timeout")
{
    Description = "Seconds one statement of a revision may run on PostgreSQL or MySQL before it is stopped (default: commandTimeout in psmigrate.json, else no limit; 0 for none)",
    Recursive = true,
    CustomParser = result => WholeNumber(result, "--command-timeout", 0, int.MaxValue, " of seconds"),
};
var tableLockTimeout = new Option<double?>("--table-lock-timeout")
{
    Description = "Seconds a revision's statement waits for a table lock before the revision is rolled back and tried again (PostgreSQL, MySQL; default 1, or tableLockTimeout in psmigrate.json; 0 waits as the server does)",
    Recursive = true,
    CustomParser = result =>
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (double.TryParse(text, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds <= 86400)
            return seconds;
        result.AddError($"--table-lock-timeout takes seconds from 0 to 86400 (0.5 is half a second), not '{text}'");
        return null;
    },
};
var tableLockTries = new Option<int?>("--table-lock-tries")
{
    Description = "How often a revision whose table-lock wait ran out is tried in all (default 10, or tableLockTries in psmigrate.json)",
    Recursive = true,
    CustomParser = result => WholeNumber(result, "--table-lock-tries", 1, 1000, ""),
};
var sql = new Option<bool>("--sql") { Description = "Write the SQL script instead of running it (offline; no connection)" };

var root = new RootCommand("psmigrate: schema migrations for SQLite, PostgreSQL and MySQL/MariaDB, Alembic-style.");
root.Options.Add(path);
root.Options.Add(database);
root.Options.Add(json);
root.Options.Add(lockTimeout);
root.Options.Add(commandTimeout);
root.Options.Add(tableLockTimeout);
root.Options.Add(tableLockTries);

var common = new Cli.Common(path, database, json, lockTimeout, commandTimeout, tableLockTimeout, tableLockTries);

Command Command(string name, string description, Symbol[] symbols)
{
    var command = new Command(name, description);
    foreach (var symbol in symbols)
    {
        if (symbol is Option option) command.Options.Add(option);
        else command.Arguments.Add((Argument)symbol);
    }
    root.Subcommands.Add(command);
    return command;
}

void Define(string name, string description, Func<ParseResult, Output, Cli.Project, CancellationToken, int> run, params Symbol[] symbols) =>
    Command(name, description, symbols).SetAction(parse => Cli.Run(parse, common, run));

// The fleet commands: one database, several (-d repeated, --databases-from), or several folders each with its own.
var databasesFrom = new Option<string?>("--databases-from") { Description = "File of databases, one a line: an address, env:NAME or a name from psmigrate.json; # starts a comment" };
var parallel = new Option<int>("--parallel")
{
    Description = "How many databases to work on at once (default 4)",
    DefaultValueFactory = _ => 4,
    CustomParser = result => WholeNumber(result, "--parallel", 1, 256, "") ?? 0,
};
var failFast = new Option<bool>("--fail-fast") { Description = "After the first failed database, start no other (those running finish)" };
var dialect = new Option<string?>("--dialect") { Description = "With --sql and no database: the dialect to write (sqlite, postgresql, mysql)" };
var shard = new Option<string?>("--shard") { Description = "K/N: this job's share of the databases, every N-th from the K-th, so N jobs split one list with each database run once" };
var fleetOptions = new Cli.FleetOptions(databasesFrom, parallel, failFast, dialect, shard);

void DefineMany(string name, string description, Func<ParseResult, Cli.Targets, CancellationToken, int> run, params Symbol[] symbols) =>
    Command(name, description, [.. symbols, databasesFrom, parallel, failFast, shard])
        .SetAction(parse => Cli.RunMany(parse, common, fleetOptions, (targets, cancel) => run(parse, targets, cancel)));

var message = new Option<string>("--message", "-m") { Description = "One-line description of the revision", Required = true };
var revId = new Option<string?>("--rev-id") { Description = "Revision id to use instead of the folder's id scheme" };
var revises = new Option<string[]>("--revises") { Description = "Parent revision(s); 'base' starts a new base (default: the single head)", AllowMultipleArgumentsPerToken = true };
var branchLabel = new Option<string[]>("--branch-label") { Description = "Branch label(s) for the branch that starts here", AllowMultipleArgumentsPerToken = true };
var dependsOn = new Option<string[]>("--depends-on") { Description = "Revisions or labels that must be applied first", AllowMultipleArgumentsPerToken = true };
var merge = new Option<bool>("--merge") { Description = "Merge every head into one" };
var devDatabase = new Option<string[]>("--dev-database") { Description = "A database whose user may create databases, where PostgreSQL and MySQL schemas are built; once per dialect for a folder written for several (default: devDatabases / devDatabase in psmigrate.json)" };
var schemaDialect = new Option<string?>("--dialect") { Description = "The dialect to compare in when no database fixes one (sqlite, postgresql, mysql)" };
SchemaOptions SchemaOptionsOf(ParseResult p) => new(p.GetValue(devDatabase), p.GetValue(schemaDialect));
var autogenerate = new Option<bool>("--autogenerate") { Description = "Write the upgrade and downgrade that turn the folder's heads into the desired schema" };
var schemaFile = new Option<string?>("--schema") { Description = "With --autogenerate: the desired schema as SQL (default: schema.sql in the folder)" };
var fromDatabase = new Option<string?>("--from-database") { Description = "With --autogenerate: take the desired schema from this database" };
Define("revision", "Write a new revision file", (p, output, project, _) =>
{
    var request = new NewRevisionRequest(p.GetValue(message)!, p.GetValue(revId),
        p.GetValue(revises) is { Length: > 0 } r ? r : null,
        p.GetValue(branchLabel), p.GetValue(dependsOn), p.GetValue(merge));
    var desired = AutogenerateSource.Cli.Desired(p.GetValue(autogenerate), p.GetValue(schemaFile), p.GetValue(fromDatabase));
    var planned = p.GetValue(autogenerate)
        ? project.Loaded.PlanAutogenerate(request, desired, SchemaOptionsOf(p), DateTimeOffset.UtcNow)
        : project.Loaded.PlanRevision(request, DateTimeOffset.UtcNow);
    if (planned is null)
    {
        Console.Error.WriteLine("psmigrate: no difference between the folder's heads and the desired schema; no revision written");
        return 0;
    }
    output.Revisions([project.Loaded.WriteRevision(planned)]);
    return 0;
}, message, revId, revises, branchLabel, dependsOn, merge, autogenerate, schemaFile, fromDatabase, devDatabase, schemaDialect);

var diffFrom = new Option<string?>("--from") { Description = "migrations, migrations@TARGET, a .sql file or a database address (default: migrations, the folder's heads)" };
var diffTo = new Option<string?>("--to") { Description = "As --from (default: schema.sql in the folder)" };
var diffSql = new Option<bool>("--sql") { Description = "Write the SQL that turns --from into --to" };
Define("diff", "Compare two schemas: the folder at a target, a .sql file, or a database", (p, output, project, _) =>
{
    var diff = project.Loaded.CompareSchemas(p.GetValue(diffFrom), p.GetValue(diffTo), SchemaOptionsOf(p));
    if (p.GetValue(diffSql)) output.Text(diff.UpgradeSql);
    else output.Differences(diff);
    return 0;
}, diffFrom, diffTo, diffSql, devDatabase, schemaDialect);

var junit = new Option<string?>("--junit") { Description = "Also write the results as JUnit XML to this file (for Azure DevOps' PublishTestResults)" };
Define("test", "Test the folder on scratch databases: graph, each upgrade, up/down, lint, schema.sql, snapshots; with -d, checksums and drift", (p, output, project, _) =>
{
    var results = project.Loaded.Test(new TestOptions(p.GetValue(devDatabase), project.Request.Database, p.GetValue(schemaDialect)));
    output.Checks(results);
    if (p.GetValue(junit) is { } file) JUnitReport.Save(results, Path.GetFullPath(file));
    return results.Any(r => r.Failed) ? 1 : 0;
}, junit, devDatabase, schemaDialect);

var schemaSource = new Argument<string?>("source") { Description = "migrations (default), migrations@TARGET, a .sql file or a database address", Arity = ArgumentArity.ZeroOrOne };
Define("schema", "Write a schema as the model sees it: stable, sorted JSON", (p, output, project, _) =>
{
    output.Text(project.Loaded.ExportSchema(p.GetValue(schemaSource), SchemaOptionsOf(p)));
    return 0;
}, schemaSource, devDatabase, schemaDialect);

var delta = new Option<int?>("--delta")
{
    Description = "Move N revisions from where the database is, instead of naming a target (upgrade --delta 2 is +2, downgrade --delta 1 is -1)",
    CustomParser = result => WholeNumber(result, "--delta", 1, int.MaxValue, " of revisions"),
};
// A target, or --delta N as the relative one; both, or neither where a target is required, is a usage error.
string Target(ParseResult p, Argument<string?> target, string sign, string? fallback) =>
    (p.GetValue(target), p.GetValue(delta)) switch
    {
        ({ } given, { }) => throw Cli.Usage($"give a target ('{MigrationException.Echo(given)}') or --delta, not both"),
        ({ } given, null) => given,
        (null, { } n) => sign + n.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => fallback ?? throw Cli.Usage("give a target (base, <id>, -N, <label>@base) or --delta N"),
    };

var upTarget = new Argument<string?>("target") { Description = "Target: heads (default), head, <id>, <label>@head, +N, or from:to with --sql", Arity = ArgumentArity.ZeroOrOne };
DefineMany("upgrade", "Upgrade the database(s) to a target", (p, t, cancel) =>
    p.GetValue(sql) ? Cli.Script(t.Output, t.Single("--sql").RenderUpgrade(Target(p, upTarget, "+", "heads")))
    : t.IsSingle ? Cli.Steps(t.Output, observer => t.Databases[0].Upgrade(Target(p, upTarget, "+", "heads"), observer, cancel))
    : Cli.Results(t.Output, t.Fleet.Upgrade(t.Databases, Target(p, upTarget, "+", "heads"), cancel)),
    upTarget, sql, dialect, delta);

var downTarget = new Argument<string?>("target") { Description = "Target: base, <id>, -N, <label>@base, or from:to with --sql", Arity = ArgumentArity.ZeroOrOne };
DefineMany("downgrade", "Downgrade the database(s) to a target", (p, t, cancel) =>
    p.GetValue(sql) ? Cli.Script(t.Output, t.Single("--sql").RenderDowngrade(Target(p, downTarget, "-", null)))
    : t.IsSingle ? Cli.Steps(t.Output, observer => t.Databases[0].Downgrade(Target(p, downTarget, "-", null), observer, cancel))
    : Cli.Results(t.Output, t.Fleet.Downgrade(t.Databases, Target(p, downTarget, "-", null), cancel)),
    downTarget, sql, dialect, delta);

var range = new Argument<string?>("range") { Description = "Range from:to (either side may be empty)", Arity = ArgumentArity.ZeroOrOne };
Define("history", "List revisions, newest first", (p, output, project, _) =>
{
    var from = p.GetValue(range);
    output.History(project.Loaded.HasDatabase(project.Request.Database) ? project.Database().History(from) : project.Loaded.History(from));
    return 0;
}, range);

var last = new Option<int?>("--last")
{
    Description = "Show only the newest N rows",
    CustomParser = result => WholeNumber(result, "--last", 1, int.MaxValue, " of rows"),
};
Define("log", "Show the journal, newest first: each step's revision, operation, status, start, duration, who ran it from where, and a failed step's error", (p, output, project, _) =>
{
    output.Log(project.Database().Log(p.GetValue(last)));
    return 0;
}, last);

var stampTargets = new Argument<string[]>("targets") { Description = "Revision(s) to record: <id>, heads, base, ...", Arity = ArgumentArity.OneOrMore };
var purge = new Option<bool>("--purge") { Description = "Empty the version table first, even if it names revisions the folder lacks" };
DefineMany("stamp", "Set the version table without running migrations", (p, t, cancel) =>
{
    if (p.GetValue(sql)) return Cli.Script(t.Output, t.Single("--sql").RenderStamp(p.GetValue(stampTargets)!));
    if (!t.IsSingle) return Cli.Results(t.Output, t.Fleet.Stamp(t.Databases, p.GetValue(stampTargets)!, p.GetValue(purge), cancel));
    t.Output.Status(t.Databases[0].Stamp(p.GetValue(stampTargets)!, p.GetValue(purge), cancel));
    return 0;
}, stampTargets, purge, sql, dialect);

var adoptFrom = new Option<string>("--from") { Description = "The tool whose history table says what is applied: flyway, golang-migrate, goose, dbmate, alembic, or a table name", Required = true };
DefineMany("adopt", "Take a database over from another tool: stamp what its history table says is applied (the table is left as it is)", (p, t, cancel) =>
{
    if (!t.IsSingle) return Cli.Results(t.Output, t.Fleet.Adopt(t.Databases, p.GetValue(adoptFrom)!, cancel));
    t.Output.Status(t.Databases[0].Adopt(p.GetValue(adoptFrom)!, cancel));
    return 0;
}, adoptFrom);

var check = new Option<bool>("--check") { Description = "Exit 0 when the database is up to date, 2 when revisions are pending or it is dirty" };
DefineMany("current", "Show the database's revisions against the folder's heads", (p, t, cancel) =>
{
    if (!t.IsSingle) return Cli.Statuses(t.Output, t.Fleet.Status(t.Databases, cancel), p.GetValue(check));
    var status = t.Databases[0].Status();
    t.Output.Status(status);
    return p.GetValue(check) && !status.IsUpToDate ? 2 : 0;
}, check);

var convertTo = new Option<string>("--to") { Description = "The folder to write PSMigrate's own revision files into (its versions/)", Required = true };
Define("convert", "Write a folder read in another tool's format as PSMigrate's own revision files", (p, output, project, _) =>
{
    output.Revisions(project.Loaded.Convert(p.GetValue(convertTo)!));
    return 0;
}, convertTo);

Define("heads", "List the heads of the folder", (_, output, project, _) =>
{
    output.Revisions(project.Loaded.Heads());
    return 0;
});

// check must work on a broken graph, which MigrationProject.Load refuses to load.
var drift = new Option<bool>("--drift") { Description = "With -d: compare the database with the schema its applied revisions produce; exit 1 on drift" };
var checkCommand = new Command("check", "Check the revision graph (and with -d, the database against it); exit 1 if there is any problem");
checkCommand.Options.Add(drift);
checkCommand.Options.Add(devDatabase);
checkCommand.SetAction(p => Cli.Guard(() =>
{
    var request = common.Request(p);
    var folder = Path.GetFullPath(request.FolderPath);
    if (p.GetValue(drift))
    {
        if (request.Database is null) throw Cli.Usage("check --drift needs the database: -d DB");
        var found = MigrationProject.Load(folder).ForDatabase(request).CheckDrift(new SchemaOptions(p.GetValue(devDatabase)));
        new Output(Console.Out, p.GetValue(json)).Differences(found);
        if (!found.HasDifferences) return 0;
        Console.Error.WriteLine($"psmigrate: {ErrorIds.SchemaDrift}: {found.To} differs from {found.From} in {found.Differences.Count} place(s)");
        return 1;
    }
    var problems = MigrationProject.Check(folder).ToList();
    // With a database named here: revisions edited since they ran there, and revisions the folder lacks.
    if (request.Database is not null && problems.All(x => x.Severity != ProblemSeverity.Error))
        problems.AddRange(MigrationProject.Load(folder).ForDatabase(request).Check());
    new Output(Console.Out, p.GetValue(json)).Problems(problems);
    return problems.Count == 0 ? 0 : 1;
}));
root.Subcommands.Add(checkCommand);

// A whole number from min to max, or an error naming the option.
static int? WholeNumber(System.CommandLine.Parsing.ArgumentResult result, string option, int min, int max, string unit)
{
    var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
    if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
        return n;
    result.AddError($"{option} takes a whole number{unit} from {min} to {max}, not '{text}'");
    return null;
}

// A command line that does not parse is an error like any other: one line on stderr with its id
// (System.CommandLine would print its own form and the whole help).
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    Console.Error.WriteLine($"psmigrate: {ErrorIds.InvalidCommandLine}: {parsed.Errors[0].Message} (psmigrate --help lists the commands and options)");
    return 1;
}
return parsed.Invoke();
