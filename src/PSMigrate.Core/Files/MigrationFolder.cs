using System.Reflection;

namespace PSMigrate.Files;

/// <summary>
/// A migration folder read from disk: its settings and every revision file in it.
/// <see cref="VersionsMissing"/>: there is no versions/ folder and no other tool's files in the
/// folder itself, so only a new revision (which creates versions/) makes sense here.
/// </summary>
internal sealed record MigrationFolder(MigrationConfig Config, IReadOnlyList<Revision> Revisions, bool VersionsMissing = false)
{
    private const int ParallelThreshold = 500;

    public static MigrationFolder Load(string folder)
    {
        var full = Path.GetFullPath(folder);
        if (!Directory.Exists(full))
            throw new MigrationException(ErrorIds.FolderNotFound, $"migration folder '{full}' does not exist")
                { FilePath = full, Kind = ErrorKind.ObjectNotFound };
        var config = MigrationConfig.Load(full);
        // Another tool's files are read where that tool keeps them: in versions/ (or the folder
        // psmigrate.json names), or else in the folder itself, as golang-migrate and goose do.
        var location = Directory.Exists(config.VersionsPath) ? config.VersionsPath
            : config.Format is not (null or Formats.FolderFormat.Native) || config.Format is null && !File.Exists(Path.Combine(full, MigrationConfig.FileName)) ? full
            : null;
        if (location is null) return new MigrationFolder(config, [], VersionsMissing: true);

        string[] files;
        try { files = Directory.GetFiles(location).Where(IsRevisionFile).ToArray(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw Unreadable(location, e); }
        Array.Sort(files, StringComparer.Ordinal);
        var format = config.Format ?? (files.Length == 0 || IsNative(files[0]) ? Formats.FolderFormat.Native : Formats.FolderFormat.Detect(files));
        if (format is not (null or Formats.FolderFormat.Native))
            return new MigrationFolder(config with { VersionsPath = location, Format = format }, Formats.FolderFormat.Read(format, files));
        if (location == full && config.VersionsPath != full) return new MigrationFolder(config, [], VersionsMissing: true);
        // Files are independent, so large folders are read on every core; starting the thread
        // pool costs more than a small folder takes. The first bad file by name is reported,
        // so the error does not depend on thread timing.
        var revisions = new Revision[files.Length];
        var errors = new MigrationException?[files.Length];
        void ParseOne(int i)
        {
            try { revisions[i] = RevisionParser.ParseFile(files[i]); }
            catch (MigrationException e) { errors[i] = e; }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { errors[i] = Unreadable(files[i], e); }
        }
        if (files.Length < ParallelThreshold)
            for (var i = 0; i < files.Length; i++) ParseOne(i);
        else
            Parallel.For(0, files.Length, ParseOne);
        var firstError = errors.FirstOrDefault(e => e is not null);
        if (firstError is not null) throw firstError;
        return new MigrationFolder(config, revisions);
    }

    /// <summary>The error for a folder with nothing to migrate: most often a --path that misses the migration folder.</summary>
    public MigrationException Missing() =>
        new(ErrorIds.FolderNotFound,
            $"{Config.VersionsPath} does not exist, and {Config.FolderPath} holds no revision files: is the path the migration folder (the one with psmigrate.json and versions/)? psmigrate revision (New-MigrationRevision) creates versions/ with a first revision")
            { FilePath = Config.VersionsPath, Kind = ErrorKind.ObjectNotFound };

    /// <summary>
    /// A migration folder compiled into an assembly as embedded resources whose names start with
    /// <paramref name="prefix"/>/ (psmigrate.json and the *.sql revisions under it), for applications
    /// that carry their migrations inside. Errors name a revision as assembly:resource. A relative
    /// SQLite path in the settings is relative to the current directory.
    /// </summary>
    public static MigrationFolder FromResources(Assembly assembly, string prefix)
    {
        var owner = assembly.GetName().Name;
        var names = assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix + "/", StringComparison.Ordinal)).ToArray();
        byte[] Bytes(string name)
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
        var location = Environment.CurrentDirectory;
        var defaults = MigrationConfig.Default(location) with { VersionsPath = $"{owner}:{prefix}/versions" };
        var configName = $"{prefix}/{MigrationConfig.FileName}";
        var config = names.Contains(configName)
            ? MigrationConfig.Parse(System.Text.Encoding.UTF8.GetString(Bytes(configName)), $"{owner}:{configName}", defaults)
            : defaults;
        var revisions = names.Where(IsRevisionFile).Order(StringComparer.Ordinal)
            .Select(n => RevisionParser.ParseBytes(Bytes(n), $"{owner}:{n}")).ToArray();
        return new MigrationFolder(config, revisions);
    }

    /// <summary>Whether a file begins with PSMigrate's own header, as every revision file of ours does.</summary>
    private static bool IsNative(string file)
    {
        try { return File.ReadLines(file).Take(20).Any(l => l.TrimStart().StartsWith("-- Revision:", StringComparison.OrdinalIgnoreCase)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw Unreadable(file, e); }
    }

    /// <summary>
    /// Which files are revisions, on every platform: a name ending in .sql in any case, and not a
    /// dot-file (editor swap files, macOS ._ sidecars).
    /// </summary>
    public static bool IsRevisionFile(string path)
    {
        var name = Path.GetFileName(path);
        return name.Length > 0 && name[0] != '.' && name.EndsWith(".sql", StringComparison.OrdinalIgnoreCase);
    }

    private static MigrationException Unreadable(string path, Exception e) =>
        new(ErrorIds.FileError, $"{path}: cannot be read: {e.Message}", e) { FilePath = path, Kind = ErrorKind.ResourceUnavailable };
}
