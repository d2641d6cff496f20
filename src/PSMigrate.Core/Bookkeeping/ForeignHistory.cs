using System.Data.Common;
using System.Numerics;
using System.Text.RegularExpressions;
using PSMigrate.Dialects;
using PSMigrate.Graph;

namespace PSMigrate.Bookkeeping;

/// <summary>
/// Another tool's history table, read as that tool keeps it, to take its database over: which of
/// its versions are applied, refused when its history is dirty or failed. Reading changes nothing;
/// the old table stays as it was.
/// </summary>
internal sealed partial record ForeignHistory(string Tool, string Table)
{
    public const string Tools = "flyway, golang-migrate, goose, dbmate, alembic, or a table name";

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]{0,63}(\.[A-Za-z_][A-Za-z0-9_]{0,63})?$")]
    private static partial Regex TableName();

    public static ForeignHistory Parse(string from) => from switch
    {
        "flyway" => new("Flyway", "flyway_schema_history"),
        "golang-migrate" => new("golang-migrate", "schema_migrations"),
        "goose" => new("goose", "goose_db_version"),
        "dbmate" => new("dbmate", "schema_migrations"),
        "alembic" => new("Alembic", "alembic_version"),
        _ when TableName().IsMatch(from) => new("table", from),
        _ => throw new MigrationException(ErrorIds.InvalidCommandLine, $"--from takes {Tools}, not '{MigrationException.Echo(from)}'")
            { Kind = ErrorKind.InvalidArgument },
    };

    /// <summary>The versions the tool recorded as applied, in the order it recorded them.</summary>
    public IReadOnlyList<string> Applied(DbConnection connection, string database)
    {
        try
        {
            return Tool switch
            {
                "Flyway" => Flyway(Drivers.Rows(connection, $"SELECT version, type, success FROM {Table} ORDER BY installed_rank")),
                "golang-migrate" => GolangMigrate(Drivers.Rows(connection, $"SELECT version, dirty FROM {Table}")),
                "goose" => Goose(Drivers.Rows(connection, $"SELECT version_id, is_applied FROM {Table} ORDER BY id")),
                _ when Tool == "dbmate" || Tool == "Alembic" || Tool == "table" =>
                    Drivers.Rows(connection, $"SELECT * FROM {Table}").Select(r => Text(r[0])).OfType<string>().ToList(),
                _ => throw new InvalidOperationException(Tool),
            };
        }
        catch (DbException e)
        {
            throw new MigrationException(ErrorIds.InvalidBookkeepingTable,
                $"{database}: {Table} cannot be read as {Tool}'s history ({e.Message}); is this the tool that migrated it?", e)
                { Kind = ErrorKind.InvalidData, Subject = Table };
        }

        IReadOnlyList<string> Flyway(List<object?[]> rows)
        {
            if (rows.FirstOrDefault(r => !Convert.ToBoolean(r[2])) is { } failed)
                throw Dirty($"Flyway recorded version {Text(failed[0]) ?? "(none)"} as failed");
            var applied = new List<string>();
            foreach (var row in rows.Where(r => Text(r[0]) is not null))
            {
                if (Text(row[1]) == "UNDO_SQL") applied.Remove(Text(row[0])!);
                else applied.Add(Text(row[0])!);
            }
            return applied;
        }

        IReadOnlyList<string> GolangMigrate(List<object?[]> rows)
        {
            if (rows.FirstOrDefault(r => Convert.ToBoolean(r[1])) is { } dirty)
                throw Dirty($"golang-migrate marked version {Text(dirty[0])} dirty");
            return rows.Select(r => Text(r[0])!).ToList();
        }

        IReadOnlyList<string> Goose(List<object?[]> rows)
        {
            // The latest row of a version says whether it is applied; goose's version 0 is its own start.
            var latest = new Dictionary<string, bool>();
            foreach (var row in rows) latest[Text(row[0])!] = Convert.ToBoolean(row[1]);
            return latest.Where(v => v.Value && v.Key != "0").Select(v => v.Key).ToList();
        }

        MigrationException Dirty(string why) => new(ErrorIds.DirtyDatabase,
            $"{database}: {why} in {Table}; repair it with {Tool} first, or stamp the true state with psmigrate stamp")
            { Kind = ErrorKind.InvalidOperation, Subject = database };
    }

    /// <summary>
    /// The revision each applied version is: the id itself, the id with '.' as '_' (Flyway's 1.1),
    /// or the id equal as a number (golang-migrate's 1 for 000001). A version the folder lacks is an error.
    /// </summary>
    public IReadOnlyList<string> Revisions(IReadOnlyList<string> applied, RevisionGraph graph, string database)
    {
        var byNumber = graph.Ordered.Where(r => BigInteger.TryParse(r.Id, out _))
            .GroupBy(r => BigInteger.Parse(r.Id)).ToDictionary(g => g.Key, g => g.First().Id);
        return applied.Select(version =>
            graph.Contains(version) ? version
            : graph.Contains(version.Replace('.', '_')) ? version.Replace('.', '_')
            : BigInteger.TryParse(version, out var n) && byNumber.TryGetValue(n, out var id) ? id
            : throw new MigrationException(ErrorIds.UnknownAppliedRevision,
                $"{database}: {Table} says version {MigrationException.Echo(version)} is applied, which the folder does not hold; is this the right folder?")
                { Revision = version, Kind = ErrorKind.ObjectNotFound, Subject = database }).ToList();
    }

    private static string? Text(object? value) => value is null ? null : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
}
