using System.Data.Common;
using PSMigrate.Dialects;
using PSMigrate.Execution;

namespace PSMigrate.Schema.Sources;

/// <summary>
/// A throwaway database to build a schema in, removed when disposed. Each dialect makes its own
/// (<see cref="SqlDialect.CreateScratch"/>): a temporary SQLite file, or a database created on a server.
/// </summary>
internal abstract class ScratchDatabase(SqlDialect dialect, DatabaseAddress address) : IDisposable
{
    public SqlDialect Dialect { get; } = dialect;
    public DatabaseAddress Address { get; } = address;

    /// <summary>An open connection to the scratch database.</summary>
    public DbConnection Open() => DatabaseSession.Guard(Address, () => Dialect.Driver.Open(Address, readOnly: false, TimeSpan.FromSeconds(30)))!;

    public abstract void Dispose();
}

/// <summary>
/// A scratch database on a server: created through the dev database (Atlas's idea), whose user
/// may create databases, and dropped again.
/// </summary>
internal sealed class ServerScratchDatabase : ScratchDatabase
{
    private readonly DatabaseAddress _dev;
    private readonly string _drop;

    private ServerScratchDatabase(SqlDialect dialect, DatabaseAddress address, DatabaseAddress dev, string drop) : base(dialect, address)
    {
        _dev = dev;
        _drop = drop;
    }

    /// <summary>A new database on the dev database's server; <paramref name="dropFormat"/> drops it, {0} being its name.</summary>
    public static ServerScratchDatabase Create(SqlDialect dialect, DatabaseAddress? dev, string dropFormat)
    {
        if (dev is null || dev.Dialect != dialect.Kind)
            throw new MigrationException(ErrorIds.DevDatabaseUnavailable,
                $"a {dialect.Name} schema is built in a scratch database, which needs a dev database: pass --dev-database / -DevDatabase, or set \"devDatabase\" in psmigrate.json (a {dialect.Name} address whose user may create databases)")
                { Kind = ErrorKind.InvalidArgument };
        var name = $"psmigrate_scratch_{Guid.NewGuid():N}"[..34];
        Run(dialect, dev, $"CREATE DATABASE {name}");
        return new ServerScratchDatabase(dialect, dev with { Database = name }, dev, string.Format(System.Globalization.CultureInfo.InvariantCulture, dropFormat, name));
    }

    public override void Dispose()
    {
        try { Run(Dialect, _dev, _drop); }
        catch (MigrationException) { /* the dev database went away: nothing more to do here */ }
    }

    /// <summary>One statement on the dev database; any failure says the dev database is not usable.</summary>
    private static void Run(SqlDialect dialect, DatabaseAddress dev, string statement)
    {
        try
        {
            using var connection = dialect.Driver.Open(dev, readOnly: false, TimeSpan.FromSeconds(30))!;
            Drivers.Execute(connection, statement);
        }
        catch (Exception e) when (e is DbException or MigrationException)
        {
            throw new MigrationException(ErrorIds.DevDatabaseUnavailable,
                dev.Redact($"the dev database {dev} cannot be used for a scratch database ({statement.Split(' ')[0]} DATABASE failed): {e.Message}"), e)
                { Kind = ErrorKind.ConnectionError, Subject = dev.ToString() };
        }
    }
}
