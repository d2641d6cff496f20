using System.CommandLine;
using System.Diagnostics;

namespace PSMigrate.Cli;

/// <summary>The parts every command shares: opening the engine, cancelling on Ctrl+C, and reporting errors.</summary>
internal static class Cli
{
    /// <summary>The options every command takes. <c>-p</c> and <c>-d</c> may repeat; only the fleet commands take several.</summary>
    public sealed record Common(Option<string[]> Paths, Option<string[]> Databases, Option<bool> Json, Option<int?> LockTimeout, Option<int?> CommandTimeout,
        Option<double?> TableLockTimeout, Option<int?> TableLockTries)
    {
        /// <summary>One folder and at most one database, for the commands that work on one.</summary>
        public MigrationRequest Request(ParseResult parse)
        {
            var paths = parse.GetValue(Paths) ?? [];
            var databases = parse.GetValue(Databases) ?? [];
            if (paths.Length > 1 || databases.Length > 1)
                throw Usage($"{parse.CommandResult.Command.Name} takes one --path and at most one --database (upgrade, downgrade, stamp and current take several)");
            return Limits(parse, new MigrationRequest(paths.FirstOrDefault() ?? ".", Environment.CurrentDirectory, databases.FirstOrDefault()));
        }

        /// <summary>The request with the timeouts and tries given on the command line.</summary>
        public MigrationRequest Limits(ParseResult parse, MigrationRequest request) => request with
        {
            LockTimeout = Timeout(parse, LockTimeout),
            CommandTimeout = Timeout(parse, CommandTimeout),
            TableLockTimeout = parse.GetValue(TableLockTimeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            TableLockTries = parse.GetValue(TableLockTries),
        };

        /// <summary>A timeout option as a span, or null when not given (the engine's default applies).</summary>
        public static TimeSpan? Timeout(ParseResult parse, Option<int?> option) => parse.GetValue(option) is { } seconds ? TimeSpan.FromSeconds(seconds) : null;
    }

    /// <summary>The options of the commands that take many databases.</summary>
    public sealed record FleetOptions(Option<string?> DatabasesFrom, Option<int> Parallel, Option<bool> FailFast, Option<string?> Dialect, Option<string?> Shard)
    {
        public MigrationFleet Fleet(ParseResult parse) => new(parse.GetValue(Parallel), parse.GetValue(FailFast));
    }

    /// <summary>Runs a one-folder command with the project loaded once; the command asks the project for its database when it needs one.</summary>
    public static int Run(ParseResult parse, Common common, Func<ParseResult, Output, Project, CancellationToken, int> command) =>
        Cancellable(cancel => Guard(() =>
        {
            var request = common.Request(parse);
            var project = new Project(MigrationProject.Load(request), request);
            return command(parse, new Output(Console.Out, parse.GetValue(common.Json)), project, cancel);
        }));

    /// <summary>
    /// Runs a command over every database it is given: each folder (<c>-p</c>, repeated) loaded once,
    /// with its own database, or each <c>-d</c> and each line of <c>--databases-from</c>. Every address
    /// is resolved before any database is touched, so a bad one changes nothing anywhere.
    /// </summary>
    public static int RunMany(ParseResult parse, Common common, FleetOptions options, Func<Targets, CancellationToken, int> command) =>
        Cancellable(cancel => Guard(() =>
        {
            var cwd = Environment.CurrentDirectory;
            var given = parse.GetValue(common.Databases) ?? [];
            var listed = parse.GetValue(options.DatabasesFrom) is { } file ? DatabaseList.Read(file, cwd) : [];

            var dialect = parse.GetValue(options.Dialect);
            var shard = parse.GetValue(options.Shard) is { } share ? PSMigrate.Shard.Parse(share, "--shard") : null;
            if (dialect is not null && (given.Length > 0 || listed.Count > 0))
                throw Usage("--dialect is for offline SQL without a database; leave out --database and --databases-from");
            var databases = new List<Migrator>();
            foreach (var folder in parse.GetValue(common.Paths) ?? ["."])
            {
                var project = MigrationProject.Load(folder, cwd);
                var request = common.Limits(parse, new MigrationRequest(folder, cwd));
                if (dialect is not null) databases.Add(project.ForDialect(dialect));
                else if (given.Length == 0 && listed.Count == 0) databases.Add(project.ForDatabase(request));
                databases.AddRange(given.Select(d => project.ForDatabase(request with { Database = d })));
                databases.AddRange(listed.Select(entry => DatabaseList.Resolve(entry, value => project.ForDatabase(request with { Database = value }))));
            }
            return command(new Targets(shard is null ? databases : shard.Of(databases), options.Fleet(parse), new Output(Console.Out, parse.GetValue(common.Json))), cancel);
        }));

    /// <summary>The databases of one call, the fleet that runs them, and where results go.</summary>
    public sealed record Targets(IReadOnlyList<Migrator> Databases, MigrationFleet Fleet, Output Output)
    {
        public bool IsSingle => Databases.Count == 1;

        /// <summary>The one database of an offline script.</summary>
        public Migrator Single(string what) => IsSingle
            ? Databases[0]
            : throw Usage($"{what} writes one script for one database; give one --path and one --database (or --dialect)");
    }

    /// <summary>Engine errors go to stderr with their error id, and the exit code is 1.</summary>
    public static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (MigrationException e)
        {
            Error(e);
            return 1;
        }
    }

    private static void Error(MigrationException e) => Console.Error.WriteLine($"psmigrate: {e.ErrorId}: {e.Message}");

    private static int Cancellable(Func<CancellationToken, int> action)
    {
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        try { return action(cancel.Token); }
        finally { Console.CancelKeyPress -= onCancel; }
    }

    public static MigrationException Usage(string message) => new(ErrorIds.InvalidCommandLine, message) { Kind = ErrorKind.InvalidArgument };

    /// <summary>The project and the request it was loaded for.</summary>
    public sealed record Project(MigrationProject Loaded, MigrationRequest Request)
    {
        public Migrator Database() => Loaded.ForDatabase(Request);
    }

    /// <summary>
    /// Runs steps and prints what ran; a failed step's error then goes to stderr like any other.
    /// Progress goes to stderr only when a person is watching it.
    /// </summary>
    public static int Steps(Output output, Func<RunObserver, MigrationRun> run)
    {
        var observer = new RunObserver(Progress: Console.IsErrorRedirected ? null : p => Console.Error.WriteLine(Progress(p)));
        var result = run(observer);
        if (result.Succeeded || result.Steps.Count > 0) output.Steps(result.Steps);
        if (result.Failure is { } failure) throw failure;
        return 0;
    }

    /// <summary>
    /// Runs a fleet: a line per database as each finishes (or a JSON array at the end), the error
    /// of each failed one on stderr, and a summary. Exit 1 when any database failed or was skipped.
    /// </summary>
    public static int Results(Output output, IEnumerable<FleetEvent> events)
    {
        var clock = Stopwatch.StartNew();
        var results = new List<(int Index, DatabaseResult Result)>();
        foreach (var e in events)
        {
            switch (e)
            {
                case DatabaseProgress p when !Console.IsErrorRedirected:
                    Console.Error.WriteLine($"{p.Database}: {Progress(p.Progress)}");
                    break;
                case DatabaseFinished { Result: var result }:
                    results.Add((e.Index, result));
                    output.Result(result);
                    if (result.Failure is { } failure) Console.Error.WriteLine($"psmigrate: {failure.ErrorId}: {failure.Message}");
                    break;
            }
        }
        var inOrder = results.OrderBy(r => r.Index).Select(r => r.Result).ToList();
        output.Results(inOrder);
        Console.Error.WriteLine(Output.Summary(inOrder, clock.Elapsed));
        return inOrder.All(r => r.Status == DatabaseOutcome.Succeeded) ? 0 : 1;
    }

    /// <summary>Statuses of many databases as one table; a database that cannot be read is an error on stderr.</summary>
    public static int Statuses(Output output, IEnumerable<FleetEvent> events, bool check)
    {
        var read = events.OfType<DatabaseStatusRead>().OrderBy(e => e.Index).ToList();
        foreach (var failed in read.Where(r => r.Failure is not null)) Error(failed.Failure!);
        var statuses = read.Where(r => r.Status is not null).Select(r => r.Status!).ToList();
        output.Statuses(statuses);
        if (statuses.Count < read.Count) return 1;
        return check && statuses.Any(s => !s.IsUpToDate) ? 2 : 0;
    }

    private static string Progress(MigrationProgress p) =>
        $"[{p.StepNumber}/{p.StepCount}] {p.Direction.ToString().ToLowerInvariant()} {p.Revision}{(p.Message is null ? "" : " " + p.Message)}{(p.Waiting is null ? "" : ": " + p.Waiting)}";

    public static int Script(Output output, string script)
    {
        output.Text(script);
        return 0;
    }
}
