namespace PSMigrate.Tests.Support;

/// <summary>A temporary copy of an example folder, or an empty folder, removed when disposed.</summary>
public sealed class Folders : IDisposable
{
    public Folders() => Directory.CreateDirectory(Root);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "psmigrate-cli-" + Guid.NewGuid().ToString("N")[..10]);

    public string CopyExample(string name)
    {
        var target = Path.Combine(Root, name);
        foreach (var file in Directory.GetFiles(Path.Combine(Repository.Examples, name), "*", SearchOption.AllDirectories))
        {
            // Databases an example run left behind stay; release snapshots are part of the example.
            if (file.EndsWith(".db", StringComparison.Ordinal) && Path.GetFileName(Path.GetDirectoryName(file)) != "snapshots") continue;
            var to = Path.Combine(target, Path.GetRelativePath(Path.Combine(Repository.Examples, name), file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        return target;
    }

    /// <summary>A folder of <paramref name="count"/> linear revisions, each creating a table; the slow one sleeps in SQL.</summary>
    public string Linear(string name, int count, int? slow = null)
    {
        var versions = Path.Combine(Root, name, "versions");
        Directory.CreateDirectory(versions);
        for (var i = 1; i <= count; i++)
        {
            var body = i == slow
                ? "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 300000000) SELECT COUNT(*) FROM n;"
                : $"CREATE TABLE t{i} (id INTEGER);";
            File.WriteAllText(Path.Combine(versions, $"{i:0000}.sql"),
                $"-- Revision: {i:0000}\n-- Revises: {(i == 1 ? "" : $"{i - 1:0000}")}\n-- Message: step {i}\n\n-- +upgrade\n{body}\n\n-- +downgrade\n{(i == slow ? "" : $"DROP TABLE t{i};")}\n");
        }
        return Path.Combine(Root, name);
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, true); } catch (IOException) { }
    }
}
