using System.Text.Json;
using PSMigrate.Dialects;
using System.Text.RegularExpressions;

namespace PSMigrate.Files;

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

    /// <summary>Whether revisions here are written to be undone; false for teams that only roll forward.</summary>
    public bool Downgrades { get; init; } = true;

    /// <summary>Whether heads of labelled branches are deliberate, so that check does not count them as a problem.</summary>
    public bool DeliberateBranches { get; init; }

    /// <summary>
    /// Branch labels whose revisions run only when named ("optionalBranches": ["data"]): not part of
    /// heads, head, current --check or a new revision's parents.
    /// </summary>
    public IReadOnlySet<string> OptionalBranches { get; init; } = new HashSet<string>();

    /// <summary>The dialects the folder's revisions are written for ("dialects": ["sqlite", "postgresql"]); autogenerate writes a section pair for each.</summary>
    public IReadOnlyList<DialectKind> Dialects { get; init; } = [];

    /// <summary>A database whose user may create databases, where PostgreSQL and MySQL schemas are built ("devDatabase").</summary>
    public string? DevDatabase { get; init; }

    /// <summary>A dev database per dialect ("devDatabases": {"postgresql": "...", "mysql": "..."}), for folders written for several.</summary>
    public IReadOnlyDictionary<DialectKind, string> DevDatabases { get; init; } = new Dictionary<DialectKind, string>();

    /// <summary>Lint severities by rule id or name ("lint": {"PSM005": "error", "drop-table": "off"}).</summary>
    public IReadOnlyDictionary<string, Checks.LintSeverity> Lint { get; init; } = new Dictionary<string, Checks.LintSeverity>();

    /// <summary>A rule's severity here: as "lint" names it by id or by name, else the rule's own default.</summary>
    public Checks.LintSeverity LintSeverity(Checks.LintRule rule) =>
        Lint.TryGetValue(rule.Id, out var byId) ? byId : Lint.TryGetValue(rule.Name, out var byName) ? byName : rule.Default;

    /// <summary>
    /// How long one statement of a revision may run on PostgreSQL and MySQL before it is stopped
    /// ("commandTimeout", seconds); null: as long as it takes, as in psql and the mysql client.
    /// </summary>
    public TimeSpan? CommandTimeout { get; init; }

    /// <summary>How long a revision's statement waits for a table lock, and how often the revision is tried ("tableLockTimeout", "tableLockTries").</summary>
    public Execution.TableLockWait TableLockWait { get; init; } = Execution.TableLockWait.Default;

    /// <summary>How the folder's migration files are written ("format": psmigrate, or another tool's); null: detected.</summary>
    public string? Format { get; init; }

    /// <summary>Databases by name ("databases": {"catalog": "..."}), so a call can say -d catalog.</summary>
    public IReadOnlyDictionary<string, string> Databases { get; init; } = new Dictionary<string, string>();

    public static MigrationConfig Default(string folder) => new(
        folder, Path.Combine(folder, "versions"), null, "psmigrate_version", "psmigrate_journal",
        RevisionIdScheme.Hex, TransactionMode.PerRevision);

    /// <summary>Every key psmigrate.json may hold, in the order the README lists them.</summary>
    public static readonly IReadOnlyList<string> Keys =
    [
        "database", "databases", "devDatabase", "devDatabases", "dialects", "versions", "format", "versionTable", "journalTable", "revisionIds",
        "transactionMode", "downgrades", "deliberateBranches", "optionalBranches", "commandTimeout", "tableLockTimeout", "tableLockTries", "lint",
    ];

    /// <summary>Reads <c>psmigrate.json</c> in <paramref name="folder"/> when it is there.</summary>
    public static MigrationConfig Load(string folder)
    {
        var path = Path.Combine(folder, FileName);
        return File.Exists(path) ? Parse(File.ReadAllText(path), path, Default(folder)) : Default(folder);
    }

    /// <summary>Settings from the text of a psmigrate.json, over <paramref name="defaults"/>; <paramref name="path"/> names it in errors.</summary>
    public static MigrationConfig Parse(string json, string path, MigrationConfig defaults)
    {
        var config = defaults;
        var folder = defaults.FolderPath;
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json,
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
                if (property.Name is "downgrades" or "deliberateBranches")
                {
                    var flag = property.Value.ValueKind switch
                    {
                        JsonValueKind.True => true,
                        JsonValueKind.False => false,
                        _ => throw Error(path, null, $"'{property.Name}' must be true or false"),
                    };
                    config = property.Name == "downgrades" ? config with { Downgrades = flag } : config with { DeliberateBranches = flag };
                    continue;
                }
                if (property.Name == "commandTimeout")
                {
                    if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetInt32(out var seconds) || seconds < 0)
                        throw Error(path, null, $"'commandTimeout' must be a whole number of seconds (0 for none), not {MigrationException.Echo(property.Value.GetRawText())}");
                    config = config with { CommandTimeout = seconds == 0 ? null : TimeSpan.FromSeconds(seconds) };
                    continue;
                }
                if (property.Name is "tableLockTimeout" or "tableLockTries")
                {
                    var timeout = property.Name == "tableLockTimeout";
                    if (property.Value.ValueKind != JsonValueKind.Number
                        || !(timeout ? property.Value.TryGetDouble(out var seconds) && seconds is >= 0 and <= 86400
                                     : property.Value.TryGetInt32(out var tries) && tries is >= 1 and <= 1000))
                        throw Error(path, null, timeout
                            ? $"'tableLockTimeout' must be seconds from 0 to 86400 (0: wait as the server does), not {MigrationException.Echo(property.Value.GetRawText())}"
                            : $"'tableLockTries' must be a whole number from 1 to 1000, not {MigrationException.Echo(property.Value.GetRawText())}");
                    config = config with
                    {
                        TableLockWait = timeout
                            ? config.TableLockWait with { Timeout = TimeSpan.FromSeconds(property.Value.GetDouble()) }
                            : config.TableLockWait with { Tries = property.Value.GetInt32() },
                    };
                    continue;
                }
                if (property.Name == "lint")
                {
                    config = config with { Lint = ParseLint(path, property.Value) };
                    continue;
                }
                if (property.Name == "dialects")
                {
                    config = config with { Dialects = ParseDialects(path, property.Value) };
                    continue;
                }
                if (property.Name == "devDatabases")
                {
                    const string shape = "'devDatabases' must map dialects to addresses, such as {\"postgresql\": \"postgresql://dev@localhost/postgres\"}";
                    if (property.Value.ValueKind != JsonValueKind.Object) throw Error(path, null, shape);
                    var devs = new Dictionary<DialectKind, string>();
                    foreach (var entry in property.Value.EnumerateObject())
                    {
                        var dialect = DialectNames.Parse(entry.Name)
                            ?? throw Error(path, null, $"'devDatabases' names '{MigrationException.Echo(entry.Name)}', which is not a dialect ({DialectNames.Expected})");
                        if (entry.Value.ValueKind != JsonValueKind.String || entry.Value.GetString() is not { Length: > 0 } address) throw Error(path, null, shape);
                        devs[dialect] = address;
                    }
                    config = config with { DevDatabases = devs };
                    continue;
                }
                if (property.Name == "optionalBranches")
                {
                    if (property.Value.ValueKind != JsonValueKind.Array
                        || property.Value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String || !OptionalLabel().IsMatch(v.GetString()!)))
                        throw Error(path, null, "'optionalBranches' must be a list of branch labels, such as [\"data\"]");
                    config = config with { OptionalBranches = property.Value.EnumerateArray().Select(v => v.GetString()!).ToHashSet(StringComparer.Ordinal) };
                    continue;
                }
                if (property.Name == "databases")
                {
                    config = config with { Databases = ParseDatabases(path, property.Value) };
                    continue;
                }
                if (property.Value.ValueKind != JsonValueKind.String)
                    throw Error(path, null, $"'{property.Name}' must be a string");
                var value = property.Value.GetString()!;
                config = property.Name switch
                {
                    "versions" => config with { VersionsPath = Path.GetFullPath(value, folder) },
                    "database" => config with { Database = value },
                    "devDatabase" => config with { DevDatabase = value },
                    "format" => config with
                    {
                        Format = Formats.FolderFormat.Names.Contains(value) ? value
                            : throw Error(path, null, $"format '{MigrationException.Echo(value)}' must be one of {string.Join(", ", Formats.FolderFormat.Names)}"),
                    },
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
                        $"unknown key '{MigrationException.Echo(property.Name)}' (expected {string.Join(", ", Keys)})"),
                };
            }
        }
        return config;
    }

    /// <summary>
    /// The database address to use: an explicit one wins over the file, the file over
    /// PSMIGRATE_DATABASE. <c>env:NAME</c> reads the address from variable NAME. A relative
    /// SQLite path is relative to <paramref name="currentDirectory"/>, or, when the file itself
    /// spells it out, to the folder that holds the file (a path read from a variable the file
    /// names is the shell's, so relative to the current directory).
    /// </summary>
    public string? ResolveDatabase(string? explicitAddress, string currentDirectory)
    {
        if (!string.IsNullOrEmpty(explicitAddress))
        {
            // A name is spelled out in psmigrate.json, so a relative path in it is the folder's, like "database".
            if (Databases.TryGetValue(explicitAddress, out var named)) return Expand(named, FolderPath, currentDirectory);
            if (!explicitAddress.Contains(':')) throw UnknownName(explicitAddress);
            return Expand(explicitAddress, currentDirectory, currentDirectory);
        }
        if (!string.IsNullOrEmpty(Database)) return Expand(Database, FolderPath, currentDirectory);
        var fromEnvironment = Environment.GetEnvironmentVariable(DatabaseVariable);
        return string.IsNullOrEmpty(fromEnvironment) ? null : Expand(fromEnvironment, currentDirectory, currentDirectory);
    }

    /// <summary>
    /// Follows env:NAME and makes a relative SQLite path absolute: relative to <paramref name="relativeTo"/>
    /// (the folder, for psmigrate.json's own value), but to <paramref name="currentDirectory"/> once the
    /// value came from a variable, which belongs to the shell that set it.
    /// </summary>
    private static string Expand(string address, string relativeTo, string currentDirectory)
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
                throw new MigrationException(ErrorIds.NoDatabase, $"the database address names environment variable '{name}', which is not set (offline SQL needs no database: --sql --dialect NAME, or -Sql -Dialect NAME)")
                    { Kind = ErrorKind.InvalidArgument };
            address = value;
            relativeTo = currentDirectory;
        }
        if (DatabaseAddress.SqliteFile(address) is { Length: > 0 } file && file != ":memory:")
            return "sqlite:" + Path.GetFullPath(file, relativeTo);
        return address;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_]{1,64}$")]
    private static partial Regex OptionalLabel();

    /// <summary>A name has no ':', '/' or '.', so it is never mistaken for an address or a file (app.db).</summary>
    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex DatabaseName();

    public static bool IsDatabaseName(string value) => DatabaseName().IsMatch(value);

    private static IReadOnlyDictionary<string, string> ParseDatabases(string path, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Error(path, null, "'databases' must be an object of names and addresses, such as {\"catalog\": \"postgresql://app@db/catalog\"}");
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in value.EnumerateObject())
        {
            if (!DatabaseName().IsMatch(entry.Name))
                throw Error(path, null, $"database name '{MigrationException.Echo(entry.Name)}' must start with a letter or '_' and hold only letters, digits, '_' and '-'");
            if (entry.Value.ValueKind != JsonValueKind.String || entry.Value.GetString() is not { Length: > 0 } address)
                throw Error(path, null, $"database '{entry.Name}' must be an address string");
            names[entry.Name] = address;
        }
        return names;
    }

    private static IReadOnlyDictionary<string, Checks.LintSeverity> ParseLint(string path, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Error(path, null, "'lint' must be an object of rules and severities, such as {\"PSM001\": \"warning\"}");
        var severities = new Dictionary<string, Checks.LintSeverity>(StringComparer.OrdinalIgnoreCase);
        foreach (var rule in value.EnumerateObject())
        {
            if (!Checks.LintRules.All.Any(r => r.Id.Equals(rule.Name, StringComparison.OrdinalIgnoreCase) || r.Name.Equals(rule.Name, StringComparison.OrdinalIgnoreCase)))
                throw Error(path, null, $"'lint' names rule '{MigrationException.Echo(rule.Name)}', which does not exist ({string.Join(", ", Checks.LintRules.All.Select(r => $"{r.Id} {r.Name}"))})");
            severities[rule.Name] = rule.Value.GetString() switch
            {
                "error" => Checks.LintSeverity.Error,
                "warning" => Checks.LintSeverity.Warning,
                "off" => Checks.LintSeverity.Off,
                _ => throw Error(path, null, $"'lint' gives rule {rule.Name} '{MigrationException.Echo(rule.Value.ToString())}': expected error, warning or off"),
            };
        }
        return severities;
    }

    private static IReadOnlyList<DialectKind> ParseDialects(string path, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
            throw Error(path, null, "'dialects' must be a list such as [\"sqlite\", \"postgresql\"]");
        return value.EnumerateArray().Select(d => d.ValueKind == JsonValueKind.String && DialectNames.Parse(d.GetString()!) is { } kind
                ? kind
                : throw Error(path, null, $"'dialects' holds '{MigrationException.Echo(d.ToString())}': expected sqlite, postgresql or mysql"))
            .Distinct().ToList();
    }

    private MigrationException UnknownName(string value)
    {
        var known = Databases.Count == 0
            ? $"{Path.Combine(FolderPath, FileName)} names no databases"
            : $"{Path.Combine(FolderPath, FileName)} names {string.Join(", ", Databases.Keys.Order(StringComparer.Ordinal))}";
        return new MigrationException(ErrorIds.UnknownDatabaseName,
            $"'{MigrationException.Echo(value)}' is neither a database name ({known}) nor an address (sqlite:PATH, postgresql://user@host/db, mysql://user@host/db)")
            { Kind = ErrorKind.ObjectNotFound, Subject = MigrationException.Echo(value) };
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
