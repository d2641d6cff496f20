using PSMigrate.Files;

namespace PSMigrate.Dialects;

/// <summary>
/// Turns what a user typed (an address, env:NAME, a name from psmigrate.json, or nothing) into a
/// database address, as the folder's settings and the shell's current directory say (docs/design.md §2).
/// Subsystems that need a database get this, not the project.
/// </summary>
internal sealed record AddressResolver(MigrationConfig Config, string CurrentDirectory)
{
    /// <summary>The address; <paramref name="given"/> wins over psmigrate.json's "database", which wins over PSMIGRATE_DATABASE.</summary>
    public DatabaseAddress Resolve(string? given) =>
        DatabaseAddress.Parse(Config.ResolveDatabase(given, CurrentDirectory)
            ?? throw new MigrationException(ErrorIds.NoDatabase,
                $"no database given: pass -Database / --database, set \"database\" in {Path.Combine(Config.FolderPath, MigrationConfig.FileName)}, or set {MigrationConfig.DatabaseVariable}; " +
                "for offline SQL with no database, name the dialect with --dialect / -Dialect")
                { Kind = ErrorKind.InvalidArgument });

    /// <summary>Whether a database is known without one given here; an env:NAME that is not set names none.</summary>
    public bool HasDefault
    {
        get
        {
            try { return Config.ResolveDatabase(null, CurrentDirectory) is not null; }
            catch (MigrationException e) when (e.ErrorId == ErrorIds.NoDatabase) { return false; }
        }
    }
}
