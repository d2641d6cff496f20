using Microsoft.Data.Sqlite;
using PSMigrate.Tests.Support;

namespace PSMigrate.Tests.Library;

/// <summary>
/// The engine as a library: PSMigrate.Core packed as a NuGet package, and the example application
/// built against that package from a local folder feed, applying its embedded migrations at start-up.
/// </summary>
[Trait("Category", "Slow")]
public class PackageTests : IDisposable
{
    private readonly Folders _folders = new();

    public void Dispose() => _folders.Dispose();

    [Fact]
    public void The_example_app_builds_against_the_packed_package_and_migrates_at_start_up()
    {
        // A version of its own, so NuGet's cache never serves an older build of the package.
        var version = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmssfff}";
        var feed = Path.Combine(_folders.Root, "feed");
        Run(Repository.Root, "dotnet", "pack", Repository.File("src", "PSMigrate.Core"), "-c", "Release", "-o", feed, $"-p:Version={version}", "--nologo", "-v", "quiet");
        var package = Path.Combine(feed, $"PSMigrate.Core.{version}.nupkg");
        Assert.True(File.Exists(package), package);
        using (var zip = System.IO.Compression.ZipFile.OpenRead(package))
            Assert.Contains(zip.Entries, e => e.FullName == "lib/net8.0/PSMigrate.Core.xml"); // XML documentation ships with it

        var app = Path.Combine(_folders.Root, "startup-app");
        foreach (var file in Directory.GetFiles(Repository.File("examples", "startup-app"), "*", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")))
        {
            var to = Path.Combine(app, Path.GetRelativePath(Repository.File("examples", "startup-app"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        var output = Path.Combine(app, "out");
        Run(app, "dotnet", "build", app, "-c", "Release", "-o", output, $"-p:PSMigrateVersion={version}", $"-p:RestoreAdditionalProjectSources={feed}", "--nologo", "-v", "quiet");

        var db = Path.Combine(_folders.Root, "app.db");
        var first = Run(_folders.Root, "dotnet", Path.Combine(output, "StartupApp.dll"), "sqlite:" + db);
        Assert.Contains("001 Applied", first);
        Assert.Contains("002 Applied", first);
        Assert.Contains("is at 002; up to date: True", first);
        var again = Run(_folders.Root, "dotnet", Path.Combine(output, "StartupApp.dll"), "sqlite:" + db);
        Assert.DoesNotContain("Applied", again);

        using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version_num FROM psmigrate_version";
        Assert.Equal("002", command.ExecuteScalar());
    }

    [Fact]
    public void The_example_app_runs_from_a_clone_against_the_engine_source_with_no_package_feed()
    {
        var output = Path.Combine(_folders.Root, "from-source");
        Run(Repository.Root, "dotnet", "build", Repository.File("examples", "startup-app"), "-c", "Release", "-o", output, "--nologo", "-v", "quiet");
        Assert.True(File.Exists(Path.Combine(output, "PSMigrate.Core.dll")));

        var db = Path.Combine(_folders.Root, "source.db");
        var run = Run(_folders.Root, "dotnet", Path.Combine(output, "StartupApp.dll"), "sqlite:" + db);
        Assert.Contains("002 Applied", run);
        Assert.Contains("is at 002; up to date: True", run);
    }

    private static string Run(string directory, string file, params string[] arguments) =>
        ProcessRunner.Run(file, arguments, TimeSpan.FromMinutes(5), workingDirectory: directory);
}
