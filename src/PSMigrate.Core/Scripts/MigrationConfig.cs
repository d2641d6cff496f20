using System.Text.Json;
using System.Text.RegularExpressions;

namespace PSMigrate.Scripts;

internal enum TransactionMode { PerRevision, PerRun }

/// <summary>The settings of a migration folder: <c>psmigrate.json</c> with its defaults (docs/design.md §2).</summary>
internal sealed partial record MigrationConfig(
    string FolderPath,
    string VersionsPath,
    string? Database,
    string VersionTable,
    string JournalTable,
    RevisionIdScheme RevisionIds,
    TransactionMode TransactionMode)
{
    public const string FileName = "psmigrate.json";
    public const string DatabaseVariable = "PSMIGRATE_DATABASE";

    public static MigrationConfig Default(string folder) => new(
        folder, Path.Combine(folder, "versions"), null, "psmigrate_version", "psmigrate_journal",
        RevisionIdScheme.Hex, TransactionMode.PerRevision);

    /// <summary>Reads <c>psmigrate.json</c> in <paramref name="folder"/> when it is there.</summary>
    public static MigrationConfig Load(string folder)
    {
        var config = Default(folder);
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) return config;

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllText(path),
                new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw Error(path, (int?)e.LineNumber + 1, $"not valid JSON: {e.Message}");
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw Error(path, 1, "must hold a JSON object");
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                    throw Error(path, null, $"'{property.Name}' must be a string");
                var value = property.Value.GetString()!;
                config = property.Name switch
                {
                    "versions" => config with { VersionsPath = Path.GetFullPath(value, folder) },
                    "database" => config with { Database = value },
                    "versionTable" => config with { VersionTable = CheckTableName(path, property.Name, value) },
                    "journalTable" => config with { JournalTable = CheckTableName(path, property.Name, value) },
                    "revisionIds" => config with
                    {
                        RevisionIds = RevisionIdScheme.TryParse(value)
                            ?? throw Error(path, null, $"revisionIds '{value}' must be 'hex', 'sequence:N' or 'timestamp'"),
                    },
                    "transactionMode" => config with
                    {
                        TransactionMode = value switch
                        {
                            "per-revision" => TransactionMode.PerRevision,
                            "per-run" => TransactionMode.PerRun,
                            _ => throw Error(path, null, $"transactionMode '{value}' must be 'per-revision' or 'per-run'"),
                        },
                    },
                    _ => throw Error(path, null,
                        $"unknown key '{property.Name}' (expected versions, database, versionTable, journalTable, revisionIds, transactionMode)"),
                };
            }
        }
        return config;
    }

    /// <summary>
    /// The database address to use: an explicit one wins over the file, the file over
    /// PSMIGRATE_DATABASE. <c>env:NAME</c> reads the address from variable NAME. A relative
    /// SQLite path is relative to <paramref name="currentDirectory"/>, or, when it comes from
    /// the file, to the folder that holds the file.
    /// </summary>
    public string? ResolveDatabase(string? explicitAddress, string currentDirectory)
    {
        if (!string.IsNullOrEmpty(explicitAddress)) return Expand(explicitAddress, currentDirectory);
        if (!string.IsNullOrEmpty(Database)) return Expand(Database, FolderPath);
        var fromEnvironment = Environment.GetEnvironmentVariable(DatabaseVariable);
        return string.IsNullOrEmpty(fromEnvironment) ? null : Expand(fromEnvironment, currentDirectory);
    }

    private static string Expand(string address, string relativeTo)
    {
        // env:A may name a variable that holds env:B; a chain that comes back to itself is an error, not a stack overflow.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (address.StartsWith("env:", StringComparison.Ordinal))
        {
            var name = address[4..];
            if (!seen.Add(name))
                throw new MigrationException(ErrorIds.NoDatabase,
                    $"the database address names environment variable '{name}', whose value leads back to itself ({string.Join(" -> ", seen.Append(name))})")
                    { Kind = ErrorKind.InvalidArgument };
            var value = Environment.GetEnvironmentVariable(name);
            if (string.IsNullOrEmpty(value))
                throw new MigrationException(ErrorIds.NoDatabase, $"the database address names environment variable '{name}', which is not set")
                    { Kind = ErrorKind.InvalidArgument };
            address = value;
        }
        if (address.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            var file = address[7..];
            if (file.Length > 0 && file != ":memory:") return "sqlite:" + Path.GetFullPath(file, relativeTo);
        }
        return address;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_]{1,64}$")]
    private static partial Regex TableNamePart();

    /// <summary>A table name, optionally schema-qualified (<c>schema.table</c>) for PostgreSQL and MySQL.</summary>
    private static string CheckTableName(string path, string key, string value) =>
        value.Split('.') is { Length: <= 2 } parts && parts.All(p => TableNamePart().IsMatch(p))
            ? value
            : throw Error(path, null, $"{key} '{value}' must be a table name of letters, digits and '_', optionally schema.table");

    private static MigrationException Error(string path, int? line, string message) =>
        new(ErrorIds.InvalidConfig, line is null ? $"{path}: {message}" : $"{path}:{line}: {message}")
            { FilePath = path, Line = line };
}
