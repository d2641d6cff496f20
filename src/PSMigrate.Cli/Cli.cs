using System.CommandLine;

namespace PSMigrate.Cli;

/// <summary>The parts every command shares: opening the engine, cancelling on Ctrl+C, and reporting errors.</summary>
internal static class Cli
{
    /// <summary>The options every command takes.</summary>
    public sealed record Common(Option<string> Path, Option<string?> Database, Option<bool> Json, Option<int?> LockTimeout)
    {
        public MigrationRequest Request(ParseResult parse) => new(
            parse.GetValue(Path)!, Environment.CurrentDirectory, parse.GetValue(Database),
            LockTimeout: parse.GetValue(LockTimeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
    }

    /// <summary>Runs a command with the project loaded once; the command asks the project for its database when it needs one.</summary>
    public static int Run(ParseResult parse, Common common, Func<ParseResult, Output, Project, CancellationToken, int> command)
    {
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        try
        {
            return Guard(() =>
            {
                var request = common.Request(parse);
                var project = new Project(MigrationProject.Load(request), request);
                return command(parse, new Output(Console.Out, parse.GetValue(common.Json)), project, cancel.Token);
            });
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
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
            Console.Error.WriteLine($"psmigrate: {e.ErrorId}: {e.Message}");
            return 1;
        }
    }

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
        var observer = new RunObserver(
            Progress: Console.IsErrorRedirected ? null : p =>
                Console.Error.WriteLine($"[{p.StepNumber}/{p.StepCount}] {p.Direction.ToString().ToLowerInvariant()} {p.Revision}{(p.Message is null ? "" : " " + p.Message)}"));
        var result = run(observer);
        if (result.Succeeded || result.Steps.Count > 0) output.Steps(result.Steps);
        if (result.Failure is { } failure) throw failure;
        return 0;
    }

    public static int Script(Output output, string script)
    {
        output.Text(script);
        return 0;
    }
}
