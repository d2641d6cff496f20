namespace PSMigrate.Scripts;

/// <summary>A migration folder read from disk: its settings and every revision file in it.</summary>
internal sealed record MigrationFolder(MigrationConfig Config, IReadOnlyList<Revision> Revisions)
{
    private const int ParallelThreshold = 500;

    public static MigrationFolder Load(string folder)
    {
        var full = Path.GetFullPath(folder);
        if (!Directory.Exists(full))
            throw new MigrationException(ErrorIds.FolderNotFound, $"migration folder '{full}' does not exist")
                { FilePath = full, Kind = ErrorKind.ObjectNotFound };
        var config = MigrationConfig.Load(full);
        if (!Directory.Exists(config.VersionsPath))
            return new MigrationFolder(config, []);

        var files = Directory.GetFiles(config.VersionsPath, "*.sql", SearchOption.TopDirectoryOnly);
        Array.Sort(files, StringComparer.Ordinal);
        // Files are independent, so large folders are read on every core; starting the thread
        // pool costs more than a small folder takes. The first bad file by name is reported,
        // so the error does not depend on thread timing.
        var revisions = new Revision[files.Length];
        var errors = new MigrationException?[files.Length];
        void ParseOne(int i)
        {
            try { revisions[i] = RevisionParser.ParseFile(files[i]); }
            catch (MigrationException e) { errors[i] = e; }
        }
        if (files.Length < ParallelThreshold)
            for (var i = 0; i < files.Length; i++) ParseOne(i);
        else
            Parallel.For(0, files.Length, ParseOne);
        var firstError = errors.FirstOrDefault(e => e is not null);
        if (firstError is not null) throw firstError;
        return new MigrationFolder(config, revisions);
    }
}
