namespace PSMigrate;

/// <summary>One difference between two schemas, in the order a migration would make it.</summary>
public sealed record SchemaDifference(string Kind, string Description);

/// <summary>
/// Two schemas compared in one dialect: the differences, the SQL that turns the first into the
/// second (and back), and what the model does not cover on either side (functions, procedures),
/// which is listed and never dropped.
/// </summary>
public sealed record SchemaDiff(
    string Dialect,
    string From,
    string To,
    IReadOnlyList<SchemaDifference> Differences,
    string UpgradeSql,
    string DowngradeSql,
    IReadOnlyList<string> Unmanaged)
{
    public bool HasDifferences => Differences.Count > 0;
}
