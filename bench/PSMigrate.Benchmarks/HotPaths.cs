using BenchmarkDotNet.Attributes;
using PSMigrate.Compilation;
using PSMigrate.Dialects;
using PSMigrate.Graph;
using PSMigrate.Planning;
using PSMigrate.Files;
using PSMigrate.Sql;

namespace PSMigrate.Benchmarks;

/// <summary>
/// The engine's hot paths on a linear folder of 10,000 revisions: reading the files, building
/// and validating the graph, planning base to head, compiling that plan to commands, and
/// splitting a large revision's SQL.
/// </summary>
[MemoryDiagnoser]
public class HotPaths
{
    private string _folder = "";
    private Revision[] _revisions = [];
    private MigrationFolder _loaded = null!;
    private RevisionGraph _graph = null!;
    private SqlChunk _bigSql = null!;

    [Params(10_000)]
    public int Revisions { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Workload.Linear(Revisions);
        _loaded = MigrationFolder.Load(_folder);
        _revisions = _loaded.Revisions.ToArray();
        _graph = RevisionGraph.Build(_revisions);
        _bigSql = new SqlChunk(string.Concat(Enumerable.Range(0, 5_000).Select(i =>
            $"INSERT INTO t (id, name, note) VALUES ({i}, 'name ''{i}''; quoted', $$dollar; {i}$$); -- comment; {i}\n")), 1, false);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [Benchmark]
    public int ReadFolder() => MigrationFolder.Load(_folder).Revisions.Count;

    [Benchmark]
    public int BuildGraph() => RevisionGraph.Build(_revisions).Heads.Count;

    [Benchmark]
    public int PlanUpgrade() => MigrationPlanner.Upgrade(_graph, [], "head").Steps.Count;

    [Benchmark]
    public int CompileUpgrade() =>
        CommandCompiler.Compile(MigrationPlanner.Upgrade(_graph, [], "head"), SqlDialect.For(DialectKind.Sqlite), _loaded.Config, null).Count;

    [Benchmark]
    public int SplitStatements() => StatementSplitter.Split(_bigSql, SqlDialect.For(DialectKind.PostgreSql).Lexer, "big.sql").Count;
}

internal static class Workload
{
    public static string Linear(int count)
    {
        var folder = Path.Combine(Path.GetTempPath(), "psmigrate-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var versions = Directory.CreateDirectory(Path.Combine(folder, "versions")).FullName;
        for (var i = 1; i <= count; i++)
            File.WriteAllText(Path.Combine(versions, $"{i:00000}_t{i}.sql"),
                $"-- Revision: r{i:00000}\n-- Revises: {(i == 1 ? "" : $"r{i - 1:00000}")}\n-- Message: create table t{i}\n" +
                $"-- Created: 2026-01-01T00:00:00Z\n\n-- +upgrade\nCREATE TABLE t{i} (id INTEGER PRIMARY KEY, name TEXT);\n\n-- +downgrade\nDROP TABLE t{i};\n");
        return folder;
    }
}
