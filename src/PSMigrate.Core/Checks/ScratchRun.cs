using PSMigrate.Dialects;
using PSMigrate.Execution;
using PSMigrate.Schema;
using PSMigrate.Schema.Sources;

namespace PSMigrate.Checks;

/// <summary>
/// A scratch database for the checks, with the runner of the folder's revisions on it and its
/// schema at hand. <see cref="Reset"/> swaps in an empty one, for a walk that must start a
/// revision from the state a fresh upgrade would give it.
/// </summary>
internal sealed class ScratchRun : IDisposable
{
    public ScratchRun(SchemaBuild build)
    {
        Build = build;
        Scratch = build.Dialect.CreateScratch(build.Dev);
        Runner = build.Runner(Scratch);
    }

    public SchemaBuild Build { get; }
    public SqlDialect Dialect => Build.Dialect;
    public ScratchDatabase Scratch { get; private set; }
    public MigrationRunner Runner { get; private set; }

    /// <summary>Drops the scratch database and starts again from an empty one.</summary>
    public void Reset()
    {
        Scratch.Dispose();
        Scratch = Build.Dialect.CreateScratch(Build.Dev);
        Runner = Build.Runner(Scratch);
    }

    public DatabaseSchema Inspect() => Build.Inspect(Scratch.Address);

    /// <summary>The schema as the dialect's cheap picture, for comparing before and after a step.</summary>
    public SchemaPicture Picture()
    {
        using var connection = Scratch.Open();
        return Dialect.Picture(connection, Build.Bookkeeping);
    }

    public void Dispose() => Scratch.Dispose();
}
