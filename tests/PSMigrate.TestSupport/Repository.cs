namespace PSMigrate.Tests.Support;

/// <summary>Paths inside this repository, found from the test's own location.</summary>
public static class Repository
{
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !System.IO.File.Exists(Path.Combine(dir.FullName, "PSMigrate.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new DirectoryNotFoundException("PSMigrate.sln");
        }
    }

    /// <summary>Debug or Release: whichever this test assembly was built as.</summary>
    public static string Configuration => new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string Examples => File("examples");
}
