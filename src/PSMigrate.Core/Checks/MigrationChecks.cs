using PSMigrate.Dialects;
using PSMigrate.Execution;
using PSMigrate.Graph;
using PSMigrate.Schema;
using PSMigrate.Schema.Sources;
using PSMigrate.Files;

namespace PSMigrate.Checks;

/// <summary>
/// pytest-alembic's checks, Dagster's snapshots and Atlas's lint, in one pass per dialect on a
/// scratch database: the graph; each revision upgraded alone, round-tripped and linted
/// (<see cref="RevisionWalk"/>); schema.sql against the heads; the snapshots; everything undone
/// to base; and with a live database, its checksums and its drift. Each check is a unit of its
/// own; this class only runs them in order.
/// </summary>
internal sealed class MigrationChecks(MigrationFolder folder, RevisionGraph graph, TestOptions options, AddressResolver resolver)
{
    public IReadOnlyList<CheckResult> Run()
    {
        var log = new CheckLog();
        GraphCheck.Run(folder, graph, log);
        var workbench = new SchemaWorkbench(folder, graph, new SchemaOptions(options.DevDatabases, options.Dialect), resolver);
        var dialects = folder.Config.Dialects.Count > 0 ? folder.Config.Dialects : [workbench.Dialect()];
        foreach (var dialect in dialects)
        {
            // A dialect that cannot be reached (no dev database, a server down) is one failed result; the others still run.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            try { OneDialect(workbench.Build(SqlDialect.For(dialect)), workbench, log); }
            catch (MigrationException e) { log.Add("scratch-database", null, CheckStatus.Failed, e.Message, clock, SqlDialect.For(dialect)); }
        }
        if (options.Database is { } database)
        {
            MigrationRunner live;
            try { live = new MigrationRunner(folder, graph, resolver.Resolve(database)); }
            catch (MigrationException e)
            {
                log.Add("drift", null, CheckStatus.Failed, e.Message, System.Diagnostics.Stopwatch.StartNew(), null);
                return log.Results;
            }
            LiveDatabaseCheck.Run(live, workbench, log);
        }
        return log.Results;
    }

    private void OneDialect(SchemaBuild build, SchemaWorkbench workbench, CheckLog log)
    {
        using var scratch = new ScratchRun(build);
        if (!RevisionWalk.Run(scratch, folder.Config, folder.Revisions, log)) return;
        var heads = scratch.Inspect();
        SchemaFileCheck.Run(scratch, heads, workbench.DefaultSchemaFile, log);
        SnapshotCheck.Run(build, folder.Config.FolderPath, heads, log);
        if (folder.Revisions.All(r => r.IsReversible)) DowngradeToBaseCheck.Run(scratch, log);
    }
}
