using System.Text.RegularExpressions;
using PSMigrate.Tests.Support;

namespace PSMigrate.Tests.Cli;

/// <summary>
/// The native psmigrate that build.ps1 -Task Publish compiles ahead of time, built as the README
/// says. Nothing in it may rely on reflection the compiler cannot see, so it must publish without a
/// trim or AOT warning and do, and print, what the .NET build does on each database.
/// </summary>
[Trait("Category", "Slow")]
[Collection(DatabaseCollection.Name)]
public class NativeCliTests(TestDatabases databases) : IDisposable
{
    private readonly Folders _folders = new();

    public void Dispose() => _folders.Dispose();

    [SkippableFact]
    public void The_native_build_publishes_without_warnings_and_prints_what_the_dotnet_build_prints_on_every_database()
    {
        Skip.If(!TestDatabases.InCi && !new[] { "clang", "gcc" }.Any(OnPath), "Native AOT needs clang or gcc; skipping");
        // In a copy of what the build reads, so the repository's own out/ is left alone.
        var sources = Path.Combine(_folders.Root, "sources");
        foreach (var item in new[] { "src", "module", ".config", "PSMigrate.psd1", "build.ps1", "Directory.Build.props", "Directory.Build.targets" })
            CopySources(Repository.File(item), Path.Combine(sources, item));
        var publish = ProcessRunner.Run("dotnet", ["pwsh", "-NoProfile", "-File", "build.ps1", "-Task", "Publish"], TimeSpan.FromMinutes(10),
            workingDirectory: sources, environment: new() { ["NO_COLOR"] = "1" });
        Assert.DoesNotMatch(@"warning IL\d{4}", publish);
        var native = Path.Combine(sources, "out", "psmigrate-cli", "psmigrate");
        // On Linux it loads at a fixed address, so its type data is mapped rather than rebuilt at each
        // start (bench/README.md, Start-up): an ELF executable (type 2), not a position-independent one (3).
        if (OperatingSystem.IsLinux())
        {
            var header = new byte[18];
            using (var elf = File.OpenRead(native)) elf.ReadExactly(header);
            Assert.Equal(2, BitConverter.ToUInt16(header, 16));
        }

        var folder = _folders.CopyExample("multidialect");
        foreach (var dialect in new[] { TestDialect.Sqlite, TestDialect.PostgreSql, TestDialect.MySql })
        {
            var (dotnet, ahead) = (databases.Create(dialect), databases.Create(dialect));
            foreach (var command in new string[][]
                     {
                         ["upgrade", "head", "--json"], ["current", "--json"], ["history", "--json"], ["log", "--json"],
                         ["downgrade", "base", "--json"], ["upgrade", "001", "--json"], ["check", "--json"],
                     })
                Same(folder, native, dotnet, ahead, [.. command, "-d", "{db}"]);
            Same(folder, native, dotnet, ahead, ["schema", "{db}"]);
        }
        Same(folder, native, "", "", ["test", "--json"]);
        Same(folder, native, "", "", ["upgrade", "head", "--sql", "--dialect", "mysql"]);

        // A failure is the same one line, naming the file and line, and no stack trace.
        File.WriteAllText(Path.Combine(folder, "versions", "004_broken.sql"), "-- Revision: 004\n-- Revises: 003\n\n-- +upgrade\nCREATE TABLE broken (;\n");
        var (a, b) = (databases.Create(TestDialect.Sqlite), databases.Create(TestDialect.Sqlite));
        var failed = Same(folder, native, a, b, ["upgrade", "head", "-d", "{db}"]);
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("004_broken.sql:5", failed.Stderr);
        Assert.DoesNotContain("   at ", failed.Stderr);
    }

    /// <summary>Runs one command with each build, each on its own database, and asserts the same exit code and output.</summary>
    private static CliResult Same(string folder, string native, string dotnetDatabase, string nativeDatabase, string[] arguments)
    {
        var expected = CliRunner.Run(folder, arguments.Select(a => a.Replace("{db}", dotnetDatabase)).ToArray());
        var actual = CliRunner.RunExecutable(native, folder, arguments.Select(a => a.Replace("{db}", nativeDatabase)).ToArray());
        var what = string.Join(' ', arguments);
        Assert.True(expected.ExitCode == actual.ExitCode, $"{what}: exit {expected.ExitCode} (.NET) but {actual.ExitCode} (native): {actual.Stderr}");
        Assert.Equal(Normal(expected.Stdout, dotnetDatabase), Normal(actual.Stdout, nativeDatabase));
        Assert.Equal(Normal(expected.Stderr, dotnetDatabase), Normal(actual.Stderr, nativeDatabase));
        return actual;
    }

    /// <summary>The text without what differs between two runs: the database's name, times, durations and the column widths they make.</summary>
    private static string Normal(string text, string database)
    {
        if (database.Length > 0)
        {
            var name = database.TrimEnd('/').Split('/', ':').Last();
            text = Regex.Replace(text, $@"\b{Regex.Escape(name)}\b", "DB");
        }
        text = Regex.Replace(text, @"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?Z?", "TIME");
        text = Regex.Replace(text, @"\d{2}:\d{2}:\d{2}(\.\d+)?", "DURATION");
        text = Regex.Replace(text, @"(""duration\w*"":\s*)[\d.]+|\b\d+(\.\d+)? (ms|s)\b", "N");
        return Regex.Replace(text, "[ \t]+", " "); // a table's columns are as wide as its durations
    }

    /// <summary>A file, or a folder without its build output (bin, obj).</summary>
    private static void CopySources(string from, string to)
    {
        if (File.Exists(from))
        {
            File.Copy(from, to);
            return;
        }
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var folder in Directory.GetDirectories(from).Where(d => Path.GetFileName(d) is not ("bin" or "obj")))
            CopySources(folder, Path.Combine(to, Path.GetFileName(folder)));
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(d => File.Exists(Path.Combine(d, tool)));
}
