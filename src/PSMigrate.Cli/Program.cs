using System.CommandLine;
using PSMigrate;
using PSMigrate.Cli;

// psmigrate: the command-line front end. Each command turns its options into one engine call
// and prints what comes back; no migration logic lives here.
var path = new Option<string>("--path", "-p") { Description = "Migration folder (default: the current directory)", Recursive = true, DefaultValueFactory = _ => "." };
var database = new Option<string?>("--database", "-d") { Description = "Database address: sqlite:PATH, postgresql://user@host/db, mysql://user@host/db", Recursive = true };
var json = new Option<bool>("--json") { Description = "Write JSON instead of a table", Recursive = true };
var lockTimeout = new Option<int?>("--lock-timeout")
{
    Description = "Seconds to wait for another run's migration lock (default 300)",
    Recursive = true,
    CustomParser = result =>
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds <= 86400)
            return seconds;
        result.AddError($"--lock-timeout takes a whole number of seconds from 0 to 86400, not '{text}'");
        return null;
    },
};
var sql = new Option<bool>("--sql") { Description = "Write the SQL script instead of running it (offline; no connection)" };

var root = new RootCommand("psmigrate: schema migrations for SQLite, PostgreSQL and MySQL/MariaDB, Alembic-style.");
root.Options.Add(path);
root.Options.Add(database);
root.Options.Add(json);
root.Options.Add(lockTimeout);

void Define(string name, string description, Func<ParseResult, Output, Cli.Project, CancellationToken, int> run, params Symbol[] symbols)
{
    var command = new Command(name, description);
    foreach (var symbol in symbols)
    {
        if (symbol is Option option) command.Options.Add(option);
        else command.Arguments.Add((Argument)symbol);
    }
    command.SetAction(parse => Cli.Run(parse, new Cli.Common(path, database, json, lockTimeout), run));
    root.Subcommands.Add(command);
}

var message = new Option<string>("--message", "-m") { Description = "One-line description of the revision", Required = true };
var revId = new Option<string?>("--rev-id") { Description = "Revision id to use instead of the folder's id scheme" };
var revises = new Option<string[]>("--revises") { Description = "Parent revision(s); 'base' starts a new base (default: the single head)", AllowMultipleArgumentsPerToken = true };
var branchLabel = new Option<string[]>("--branch-label") { Description = "Branch label(s) for the branch that starts here", AllowMultipleArgumentsPerToken = true };
var dependsOn = new Option<string[]>("--depends-on") { Description = "Revisions or labels that must be applied first", AllowMultipleArgumentsPerToken = true };
var merge = new Option<bool>("--merge") { Description = "Merge every head into one" };
Define("revision", "Write a new revision file", (p, output, project, _) =>
{
    var request = new NewRevisionRequest(p.GetValue(message)!, p.GetValue(revId),
        p.GetValue(revises) is { Length: > 0 } r ? r : null,
        p.GetValue(branchLabel), p.GetValue(dependsOn), p.GetValue(merge));
    output.Revisions([project.Loaded.WriteRevision(project.Loaded.PlanRevision(request, DateTimeOffset.UtcNow))]);
    return 0;
}, message, revId, revises, branchLabel, dependsOn, merge);

var upTarget = new Argument<string>("target") { Description = "Target: heads (default), head, <id>, <label>@head, +N, or from:to with --sql", DefaultValueFactory = _ => "heads" };
Define("upgrade", "Upgrade the database to a target", (p, output, project, cancel) =>
    p.GetValue(sql) ? Cli.Script(output, project.Database().RenderUpgrade(p.GetValue(upTarget)!)) : Cli.Steps(output, observer => project.Database().Upgrade(p.GetValue(upTarget)!, observer, cancel)),
    upTarget, sql);

var downTarget = new Argument<string>("target") { Description = "Target: base, <id>, -N, <label>@base, or from:to with --sql" };
Define("downgrade", "Downgrade the database to a target", (p, output, project, cancel) =>
    p.GetValue(sql) ? Cli.Script(output, project.Database().RenderDowngrade(p.GetValue(downTarget)!)) : Cli.Steps(output, observer => project.Database().Downgrade(p.GetValue(downTarget)!, observer, cancel)),
    downTarget, sql);

var range = new Argument<string?>("range") { Description = "Range from:to (either side may be empty)", Arity = ArgumentArity.ZeroOrOne };
Define("history", "List revisions, newest first", (p, output, project, _) =>
{
    var from = p.GetValue(range);
    output.History(project.Loaded.HasDatabase(project.Request.Database) ? project.Database().History(from) : project.Loaded.History(from));
    return 0;
}, range);

var stampTargets = new Argument<string[]>("targets") { Description = "Revision(s) to record: <id>, heads, base, ...", Arity = ArgumentArity.OneOrMore };
var purge = new Option<bool>("--purge") { Description = "Empty the version table first, even if it names revisions the folder lacks" };
Define("stamp", "Set the version table without running migrations", (p, output, project, cancel) =>
{
    if (p.GetValue(sql)) return Cli.Script(output, project.Database().RenderStamp(p.GetValue(stampTargets)!));
    output.Status(project.Database().Stamp(p.GetValue(stampTargets)!, p.GetValue(purge), cancel));
    return 0;
}, stampTargets, purge, sql);

var check = new Option<bool>("--check") { Description = "Exit 0 when the database is up to date, 2 when revisions are pending or it is dirty" };
Define("current", "Show the database's revisions against the folder's heads", (p, output, project, _) =>
{
    var status = project.Database().Status();
    output.Status(status);
    return p.GetValue(check) && !status.IsUpToDate ? 2 : 0;
}, check);

Define("heads", "List the heads of the folder", (_, output, project, _) =>
{
    output.Revisions(project.Loaded.Heads());
    return 0;
});

// check must work on a broken graph, which MigrationProject.Load refuses to load.
var checkCommand = new Command("check", "Check the revision graph (and with -d, the database against it); exit 1 if there is any problem");
checkCommand.SetAction(p => Cli.Guard(() =>
{
    var folder = Path.GetFullPath(p.GetValue(path)!);
    var problems = MigrationProject.Check(folder).ToList();
    // With a database named here: revisions edited since they ran there, and revisions the folder lacks.
    if (p.GetValue(database) is { } db && problems.All(x => x.Severity != ProblemSeverity.Error))
        problems.AddRange(MigrationProject.Load(folder).ForDatabase(db).Check());
    new Output(Console.Out, p.GetValue(json)).Problems(problems);
    return problems.Count == 0 ? 0 : 1;
}));
root.Subcommands.Add(checkCommand);

// A command line that does not parse is an error like any other: one line on stderr with its id
// (System.CommandLine would print its own form and the whole help).
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    Console.Error.WriteLine($"psmigrate: {ErrorIds.InvalidCommandLine}: {parsed.Errors[0].Message} (psmigrate --help lists the commands and options)");
    return 1;
}
return parsed.Invoke();
