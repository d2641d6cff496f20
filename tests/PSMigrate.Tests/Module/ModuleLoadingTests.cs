using PSMigrate.Tests.Support;

namespace PSMigrate.Tests.Module;

/// <summary>
/// Publishes the module the way the README says and loads its engine, in a fresh process,
/// through the module's own load context: the proof that the published folder is complete
/// and isolated (managed dependencies and SQLite's native library both resolve from it).
/// </summary>
[Trait("Category", "Slow")]
public class ModuleLoadingTests : IDisposable
{
    private readonly Folders _folders = new();

    public void Dispose() => _folders.Dispose();

    [Fact]
    public void The_published_module_loads_its_engine_through_the_private_context_in_a_fresh_process()
    {
        var published = Path.Combine(_folders.Root, "PSMigrate");
        Run("dotnet", "publish", Repository.File("src", "PSMigrate"), "-c", "Release", "-o", published, "--nologo", "-v", "quiet");

        var root = Directory.GetFiles(published).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["PSMigrate.dll", "PSMigrate.format.ps1xml", "PSMigrate.pdb", "PSMigrate.psd1"], root);
        Assert.True(File.Exists(Path.Combine(published, "en-US", "PSMigrate.dll-Help.xml")));
        Assert.True(File.Exists(Path.Combine(published, "en-US", "about_PSMigrate.help.txt")));
        foreach (var dll in new[] { "PSMigrate.Core.dll", "Npgsql.dll", "MySqlConnector.dll", "Microsoft.Data.Sqlite.dll" })
            Assert.True(File.Exists(Path.Combine(published, "Dependencies", dll)), dll);
        Assert.False(File.Exists(Path.Combine(published, "Dependencies", "MySql.Data.dll")));
        foreach (var (rid, lib) in new[] { ("linux-x64", "libe_sqlite3.so"), ("linux-arm64", "libe_sqlite3.so"), ("linux-musl-x64", "libe_sqlite3.so"), ("osx-x64", "libe_sqlite3.dylib"), ("osx-arm64", "libe_sqlite3.dylib"), ("win-x64", "e_sqlite3.dll"), ("win-arm64", "e_sqlite3.dll") })
            Assert.True(File.Exists(Path.Combine(published, "Dependencies", "runtimes", rid, "native", lib)), $"{rid}/{lib}");
        // Native SQLite for the desktop and server platforms PowerShell runs on, and no other.
        Assert.Equal(["linux-arm64", "linux-musl-arm64", "linux-musl-x64", "linux-x64", "osx-arm64", "osx-x64", "win-arm64", "win-x64", "win-x86"],
            Directory.GetDirectories(Path.Combine(published, "Dependencies", "runtimes")).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal));
        Assert.True(Directory.GetFiles(published, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) < 30L * 1024 * 1024);

        var blog = _folders.CopyExample("blog");
        var probe = Repository.File("tests", "PSMigrate.LoadProbe", "bin", Repository.Configuration, "net10.0", "PSMigrate.LoadProbe.dll");
        var output = Run("dotnet", probe, published, blog, Path.Combine(_folders.Root, "probe.db"));

        Assert.Contains($"engine={Path.Combine(published, "Dependencies", "PSMigrate.Core.dll")}", output);
        Assert.Contains("engine-context=PSMigrate.Dependencies", output);
        Assert.Contains("sqlite-context=PSMigrate.Dependencies", output);
        Assert.Contains("engine-in-default=False", output);
        Assert.Contains("steps=4", output);
    }

    private static string Run(string file, params string[] arguments) => ProcessRunner.Run(file, arguments, TimeSpan.FromMinutes(5));
}
