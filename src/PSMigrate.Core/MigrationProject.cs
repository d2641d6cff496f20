using PSMigrate.Authoring;
using PSMigrate.Checks;
using PSMigrate.Dialects;
using PSMigrate.Execution;
using PSMigrate.Graph;
using PSMigrate.Planning;
using PSMigrate.Schema;
using PSMigrate.Files;

namespace PSMigrate;

/// <summary>
/// A migration folder loaded once: its settings, its revisions and their graph. Immutable, so
/// one project serves any number of databases, on any number of threads
/// (<see cref="ForDatabase(string?, string?, string?, TimeSpan?, TimeSpan?)"/> gives each its own migrator).
/// It is a snapshot: a revision written through it is in the folder, not in this project.
/// The subsystems it calls get the folder, the graph and an address resolver, never the project.
/// </summary>
public sealed class MigrationProject
{
    private readonly MigrationFolder _folder;
    private readonly RevisionGraph _graph;
    private readonly AddressResolver _resolver;

    private MigrationProject(MigrationFolder folder, RevisionGraph graph, string currentDirectory)
    {
        _folder = folder;
        _graph = graph;
        _resolver = new AddressResolver(folder.Config, currentDirectory);
    }

    /// <summary>
    /// Reads a migration folder. A relative <paramref name="folderPath"/>, and later a relative
    /// SQLite path given to <see cref="ForDatabase(string?, string?, string?, TimeSpan?, TimeSpan?)"/>, are
    /// relative to <paramref name="currentDirectory"/> (default: the process's).
    /// Throws <see cref="MigrationException"/> for a bad file or a broken graph.
    /// </summary>
    public static MigrationProject Load(string folderPath, string? currentDirectory = null)
    {
        var location = currentDirectory ?? Environment.CurrentDirectory;
        return Open(MigrationFolder.Load(Path.GetFullPath(folderPath, location)), location);
    }

    public static MigrationProject Load(MigrationRequest request) => Load(request.FolderPath, request.CurrentDirectory);

    /// <summary>
    /// The migrations an application carries inside <paramref name="assembly"/>, as embedded
    /// resources named <c>{prefix}/psmigrate.json</c> and <c>{prefix}/.../*.sql</c>; in a project file:
    /// <c>&lt;EmbeddedResource Include="migrations/**" LogicalName="migrations/%(RecursiveDir)%(Filename)%(Extension)" /&gt;</c>.
    /// </summary>
    public static MigrationProject FromAssembly(System.Reflection.Assembly assembly, string prefix = "migrations")
    {
        return Open(MigrationFolder.FromResources(assembly, prefix), Environment.CurrentDirectory);
    }

    /// <summary>A project over a read folder: refused when its settings or graph have an error.</summary>
    private static MigrationProject Open(MigrationFolder folder, string location)
    {
        if (FolderProblems.EmptyDowngrades(folder).FirstOrDefault(p => p.Severity == ProblemSeverity.Error) is { } refused) throw refused.ToException();
        return new MigrationProject(folder, RevisionGraph.Build(folder.Revisions, folder.Config.OptionalBranches), location);
    }

    /// <summary>
    /// Every problem of a folder's graph, warnings included. Static, because a project refuses to
    /// load a graph with errors, and those are what a check must report.
    /// </summary>
    public static IReadOnlyList<GraphProblem> Check(string folderPath) => FolderProblems.Of(MigrationFolder.Load(folderPath));

    public string FolderPath => _folder.Config.FolderPath;

    /// <summary>The databases psmigrate.json names ("databases"), which <see cref="ForDatabase(string?, string?, string?, TimeSpan?, TimeSpan?)"/> takes by name.</summary>
    public IReadOnlyList<string> DatabaseNames => _folder.Config.Databases.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// Whether <paramref name="value"/> has the form of a database name (letters, digits, '_', '-'):
    /// front ends that take a bare path as a SQLite file ask this before loading a folder for its names.
    /// </summary>
    public static bool IsDatabaseName(string value) => MigrationConfig.IsDatabaseName(value);

    public IReadOnlyList<MigrationRevision> Heads() => Graph.Heads.Select(r => MigrationRevision.From(r, _graph, FolderPath)).ToArray();

    /// <summary>The graph, for everything but writing a new revision: a folder without versions/ has none to offer.</summary>
    private RevisionGraph Graph => _folder.VersionsMissing ? throw _folder.Missing() : _graph;

    /// <summary>Revisions newest first, without a database (see <see cref="Migrator.History"/> for applied state).</summary>
    public IReadOnlyList<MigrationHistoryEntry> History(string? range = null) =>
        MigrationPlanner.History(Graph, null, range).Select(e => MigrationHistoryEntry.From(e)).ToArray();

    /// <summary>
    /// Whether a database is known: given here, named in psmigrate.json, or in PSMIGRATE_DATABASE.
    /// A file or variable whose env:NAME is not set names none, so commands that can do without a
    /// database (history) still work; an address given here always counts.
    /// </summary>
    public bool HasDatabase(string? address = null) => !string.IsNullOrEmpty(address) || _resolver.HasDefault;

    /// <summary>
    /// The migrator for one database. <paramref name="address"/> (an address, or a name from
    /// psmigrate.json's "databases") wins over psmigrate.json's "database", which wins over PSMIGRATE_DATABASE; a user name and password given here win over the address's.
    /// </summary>
    /// <param name="commandTimeout">How long one statement of a revision may run (PostgreSQL, MySQL); zero for no limit; default psmigrate.json's "commandTimeout", else no limit.</param>
    public Migrator ForDatabase(string? address = null, string? userName = null, string? password = null, TimeSpan? lockTimeout = null, TimeSpan? commandTimeout = null) =>
        Migrator(_resolver.Resolve(address).WithCredential(userName, password), new RunLimits(lockTimeout, commandTimeout));

    /// <summary>
    /// A migrator for offline SQL in <paramref name="dialect"/> (sqlite, postgresql, mysql) with no
    /// database at all: for scripts rendered where the address is not known, or not set (an unset env:NAME).
    /// </summary>
    public Migrator ForDialect(string dialect) =>
        Migrator(DatabaseAddress.Offline(DialectNames.Parse(dialect)
            ?? throw new MigrationException(ErrorIds.InvalidDatabaseAddress, $"unknown dialect '{MigrationException.Echo(dialect)}' (expected sqlite, postgresql or mysql)")
                { Kind = ErrorKind.InvalidArgument, Subject = MigrationException.Echo(dialect) }), new RunLimits());

    /// <summary>The migrator for a line of a database list; an error names the file and line.</summary>
    public Migrator ForDatabase(DatabaseListEntry entry, string? userName = null, string? password = null, TimeSpan? lockTimeout = null, TimeSpan? commandTimeout = null) =>
        DatabaseList.Resolve(entry, value => ForDatabase(value, userName, password, lockTimeout, commandTimeout));

    /// <summary>The migrator for a request's database, with the user, password, timeouts and table-lock tries it carries.</summary>
    public Migrator ForDatabase(MigrationRequest request) =>
        Migrator(_resolver.Resolve(request.Database).WithCredential(request.UserName, request.Password),
            new RunLimits(request.LockTimeout, request.CommandTimeout, request.TableLockTimeout, request.TableLockTries));

    private Migrator Migrator(DatabaseAddress address, RunLimits limits) => new(_folder, Graph, address, limits, _resolver);

    /// <summary>
    /// The file a new revision would be, validated against the whole graph, without writing it.
    /// Its parents: those named in the request; with <c>Merge</c>, every head; otherwise the
    /// folder's single head (or none for the first revision).
    /// </summary>
    public NewRevision PlanRevision(NewRevisionRequest request, DateTimeOffset now) => RevisionAuthor.Plan(_folder, _graph, request, now);

    /// <summary>
    /// A revision whose upgrade turns the folder's heads into the desired schema and whose
    /// downgrade turns it back, generated from the two schemas: <paramref name="desired"/> is a
    /// .sql file (default: schema.sql in the folder) or a database address. Null when there is no
    /// difference. A folder that declares "dialects" gets a pair of sections for each.
    /// </summary>
    public NewRevision? PlanAutogenerate(NewRevisionRequest request, string? desired, SchemaOptions? options, DateTimeOffset now)
    {
        var workbench = Workbench(options);
        var source = workbench.Source(desired ?? workbench.DefaultSchemaFile);
        var header = $"\n-- Generated by psmigrate from {source}: review it before it runs anywhere.\n";
        if (workbench.RevisionBody(source, _folder.Config.Downgrades, out var differences) is not { } body) return null;
        return RevisionAuthor.Plan(_folder, _graph, request, now, header + body) with { Differences = differences };
    }

    /// <summary>
    /// Two schemas compared: each of <paramref name="from"/> and <paramref name="to"/> is
    /// <c>migrations</c> or <c>migrations@TARGET</c>, a .sql file, or a database address
    /// (default: from the folder's heads to its schema.sql).
    /// </summary>
    public SchemaDiff CompareSchemas(string? from = null, string? to = null, SchemaOptions? options = null)
    {
        var workbench = Workbench(options);
        return workbench.Diff(workbench.Source(from ?? "migrations"), workbench.Source(to ?? workbench.DefaultSchemaFile));
    }

    /// <summary>The schema a source describes (default: the folder at its heads) as stable, sorted JSON.</summary>
    public string ExportSchema(string? source = null, SchemaOptions? options = null) => Workbench(options).Export(source ?? "migrations");

    /// <summary>
    /// The folder's built-in tests, on scratch databases: the graph; each revision upgraded alone;
    /// each reversible one undone and redone with its schema compared; lint; schema.sql against
    /// the heads; a downgrade to base; the snapshots in snapshots/; and with
    /// <see cref="TestOptions.Database"/>, that database's checksums and drift. One result per check.
    /// </summary>
    public IReadOnlyList<CheckResult> Test(TestOptions? options = null) =>
        new MigrationChecks(_folder, Graph, options ?? new TestOptions(), _resolver).Run();

    /// <summary>
    /// Writes this folder's revisions as PSMigrate's own revision files into <paramref name="targetFolder"/>/versions
    /// (for a folder read in another tool's format): the same ids, parents, messages and SQL. An existing file is never replaced.
    /// </summary>
    public IReadOnlyList<MigrationRevision> Convert(string targetFolder)
    {
        var target = Path.GetFullPath(targetFolder, _resolver.CurrentDirectory);
        return Files.Formats.NativeConversion.Plan(Graph, target).Select(file => MigrationRevision.From(RevisionWriter.Write(file), _graph, target)).ToList();
    }

    /// <summary>Writes a planned revision file and describes it in the graph it joins.</summary>
    public MigrationRevision WriteRevision(NewRevision file) => RevisionAuthor.Write(_folder, file);

    private SchemaWorkbench Workbench(SchemaOptions? options) => new(_folder, _graph, options ?? new SchemaOptions(), _resolver);
}
