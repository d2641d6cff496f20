using System.Diagnostics;

namespace PSMigrate.Tests.Support;

/// <summary>Runs a helper program to completion and fails loudly with its output when it fails.</summary>
public static class ProcessRunner
{
    public static string Run(string file, IEnumerable<string> arguments, TimeSpan? timeout = null, string? asUser = null, string? workingDirectory = null,
        Dictionary<string, string>? environment = null)
    {
        var start = Wrap(file, arguments, asUser);
        if (workingDirectory is not null) start.WorkingDirectory = workingDirectory;
        foreach (var (name, value) in environment ?? []) start.Environment[name] = value;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} timed out");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr.Result}{stdout.Result}");
        return stdout.Result;
    }

    /// <summary>A start description that runs as <paramref name="asUser"/> when we are root (PostgreSQL refuses root).</summary>
    public static ProcessStartInfo Wrap(string file, IEnumerable<string> arguments, string? asUser)
    {
        var runAs = asUser is not null && Environment.UserName == "root";
        var start = new ProcessStartInfo(runAs ? "runuser" : file) { UseShellExecute = false };
        if (runAs) { start.ArgumentList.Add("-u"); start.ArgumentList.Add(asUser!); start.ArgumentList.Add("--"); start.ArgumentList.Add(file); }
        foreach (var a in arguments) start.ArgumentList.Add(a);
        return start;
    }

    public static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
