using System.CommandLine;
using PSMigrate.Execution;

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

    public static int Run(ParseResult parse, Common common, Func<ParseResult, Output, Migrator, CancellationToken, int> command)
    {
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        try
        {
            return Guard(() =>
            {
                var migrator = Migrator.Open(common.Request(parse));
                return command(parse, new Output(Console.Out, parse.GetValue(common.Json)), migrator, cancel.Token);
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

    /// <summary>
    /// Runs steps and prints them; on failure prints what did run, then the error propagates.
    /// Progress goes to stderr only when a person is watching it.
    /// </summary>
    public static int Steps(Output output, Func<RunObserver, IReadOnlyList<MigrationStepResult>> run)
    {
        var done = new List<MigrationStepResult>();
        var observer = new RunObserver(
            Progress: Console.IsErrorRedirected ? null : p =>
                Console.Error.WriteLine($"[{p.StepNumber}/{p.StepCount}] {p.Direction.ToString().ToLowerInvariant()} {p.Revision}{(p.Message is null ? "" : " " + p.Message)}"),
            StepCompleted: done.Add);
        try
        {
            output.Steps(run(observer));
            return 0;
        }
        catch (MigrationException) when (done.Count > 0)
        {
            output.Steps(done);
            throw;
        }
    }

    public static int Script(Output output, string script)
    {
        output.Text(script);
        return 0;
    }
}
