namespace PSMigrate;

/// <summary>One line of a database list file: an address, <c>env:NAME</c>, or a name from psmigrate.json.</summary>
public sealed record DatabaseListEntry(string FilePath, int Line, string Value)
{
    public override string ToString() => $"{FilePath}:{Line}";
}

/// <summary>
/// A file of databases for a fleet (<c>--databases-from</c>): one a line, blank lines and lines
/// starting with <c>#</c> ignored. A line is read whole, so a password holding '#' stays intact.
/// </summary>
public static class DatabaseList
{
    public static IReadOnlyList<DatabaseListEntry> Read(string path, string? currentDirectory = null)
    {
        var full = Path.GetFullPath(path, currentDirectory ?? Environment.CurrentDirectory);
        string[] lines;
        try { lines = File.ReadAllLines(full); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MigrationException(ErrorIds.FileError, $"{full}: cannot be read: {e.Message}", e)
                { FilePath = full, Kind = ErrorKind.ResourceUnavailable };
        }
        var entries = new List<DatabaseListEntry>();
        for (var i = 0; i < lines.Length; i++)
        {
            var text = lines[i].Trim();
            if (text.Length == 0 || text.StartsWith('#')) continue;
            if (text.Any(char.IsWhiteSpace))
                throw Invalid(full, i + 1, $"'{Shown(text)}' is not one database: a line holds one address, env:NAME or name (a space in a path is written %20 in an address)");
            entries.Add(new DatabaseListEntry(full, i + 1, text));
        }
        if (entries.Count == 0) throw Invalid(full, null, "names no database (one address, env:NAME or name a line; # starts a comment)");
        return entries;
    }

    /// <summary>The migrator for an entry; an entry that does not resolve is an error naming the file and line.</summary>
    internal static Migrator Resolve(DatabaseListEntry entry, Func<string, Migrator> forDatabase)
    {
        try { return forDatabase(entry.Value); }
        catch (MigrationException e)
        {
            throw new MigrationException(e.ErrorId, $"{entry}: {e.Message}", e)
                { FilePath = entry.FilePath, Line = entry.Line, Kind = e.Kind, Subject = e.Subject };
        }
    }

    /// <summary>A line as an error shows it: an address's password never, and not the whole of a long one.</summary>
    private static string Shown(string text) => MigrationException.Echo(System.Text.RegularExpressions.Regex.Replace(text, "(://[^/@\\s]*?:)[^@\\s]*@", "$1***@"));

    private static MigrationException Invalid(string path, int? line, string message) =>
        new(ErrorIds.InvalidDatabaseList, line is null ? $"{path}: {message}" : $"{path}:{line}: {message}")
            { FilePath = path, Line = line, Kind = ErrorKind.InvalidArgument };
}
