using System.Diagnostics;

namespace PSMigrate.Tests.Support;

public sealed record CliResult(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs the real psmigrate process built beside the tests.</summary>
public static class CliRunner
{
    public static string Dll => Repository.File("src", "PSMigrate.Cli", "bin", Repository.Configuration, "net10.0", "psmigrate.dll");

    public static ProcessStartInfo StartInfo(string workingDirectory, params string[] arguments) => StartInfo(null, workingDirectory, arguments);

    /// <param name="executable">A psmigrate executable (the native build), or null for the .NET build beside the tests.</param>
    private static ProcessStartInfo StartInfo(string? executable, string workingDirectory, string[] arguments)
    {
        var start = new ProcessStartInfo(executable ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (executable is null) start.ArgumentList.Add(Dll);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment.Remove("PSMIGRATE_DATABASE");
        return start;
    }

    public static CliResult Run(string workingDirectory, params string[] arguments) => Run(null, workingDirectory, arguments);

    /// <summary>Runs another psmigrate executable (the native build) as <see cref="Run(string, string[])"/> runs the .NET one.</summary>
    public static CliResult RunExecutable(string executable, string workingDirectory, params string[] arguments) =>
        Run(executable, workingDirectory, arguments);

    private static CliResult Run(string? executable, string workingDirectory, string[] arguments)
    {
        using var process = Process.Start(StartInfo(executable, workingDirectory, arguments))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(true);
            throw new TimeoutException($"psmigrate {string.Join(' ', arguments)} did not finish");
        }
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
