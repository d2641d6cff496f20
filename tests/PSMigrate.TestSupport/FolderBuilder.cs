using PSMigrate.Graph;
using PSMigrate.Files;

namespace PSMigrate.Tests.Support;

/// <summary>Writes revision files into a temporary migration folder.</summary>
public sealed class FolderBuilder : IDisposable
{
    private readonly TempFolder _temp = new();
    private int _clock;

    public string Path => _temp.Path;
    public string Versions => System.IO.Path.Combine(Path, "versions");

    public FolderBuilder Config(string json)
    {
        File.WriteAllText(System.IO.Path.Combine(Path, "psmigrate.json"), json);
        return this;
    }

    /// <summary>Writes the folder's desired schema, schema.sql.</summary>
    public FolderBuilder Schema(string sql)
    {
        File.WriteAllText(System.IO.Path.Combine(Path, "schema.sql"), sql);
        return this;
    }

    /// <summary>
    /// Adds a revision. <paramref name="down"/> null means irreversible (no downgrade section).
    /// Created times increase in the order revisions are added, unless given.
    /// </summary>
    public FolderBuilder Add(string id, string revises = "", string up = "", string? down = "",
        string? labels = null, string? dependsOn = null, string? extraHeader = null, string? created = null)
    {
        Directory.CreateDirectory(Versions);
        _clock++;
        var text = $"-- Revision: {id}\n-- Revises: {revises}\n-- Message: revision {id}\n" +
                   $"-- Created: {created ?? $"2026-01-01T00:{_clock / 60:00}:{_clock % 60:00}Z"}\n" +
                   (labels is null ? "" : $"-- Branch-Labels: {labels}\n") +
                   (dependsOn is null ? "" : $"-- Depends-On: {dependsOn}\n") +
                   (extraHeader is null ? "" : extraHeader + "\n") +
                   $"\n-- +upgrade\n{up}\n" +
                   (down is null ? "" : $"\n-- +downgrade\n{down}\n");
        File.WriteAllText(System.IO.Path.Combine(Versions, $"{id}_rev.sql"), text);
        return this;
    }

    public FolderBuilder Raw(string fileName, string text)
    {
        Directory.CreateDirectory(Versions);
        File.WriteAllText(System.IO.Path.Combine(Versions, fileName), text);
        return this;
    }

    internal MigrationFolder Load() => MigrationFolder.Load(Path);
    internal RevisionGraph Graph() => RevisionGraph.Build(Load().Revisions);

    public MigrationProject Project() => MigrationProject.Load(Path, Path);

    /// <summary>A migrator over the folder as it is now (a fresh project each time, as a new process would load it).</summary>
    public Migrator Migrator(string database, TimeSpan? lockTimeout = null) => Project().ForDatabase(database, lockTimeout: lockTimeout);

    public void Dispose() => _temp.Dispose();
}
