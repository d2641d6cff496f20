using System.Reflection;
using System.Runtime.Loader;
using PSMigrate.Commands.Loading;

// Usage: PSMigrate.LoadProbe <published module folder> <migration folder> <sqlite file>
// Prints key=value lines; exits 0 only when the engine ran an upgrade from its own context.
var (module, folder, database) = (args[0], args[1], args[2]);
var context = new DependencyLoadContext(Path.Combine(module, "Dependencies", DependencyLoadContext.EngineAssembly + ".dll"));
var engine = context.LoadFromAssemblyName(new AssemblyName(DependencyLoadContext.EngineAssembly));

// The embedding API, reached by reflection because this probe references nothing of PSMigrate.
var projectType = engine.GetType("PSMigrate.MigrationProject", throwOnError: true)!;
var project = projectType.GetMethod("Load", [typeof(string), typeof(string)])!.Invoke(null, [folder, Environment.CurrentDirectory])!;
var migrator = projectType.GetMethod("ForDatabase", [typeof(string), typeof(string), typeof(string), typeof(TimeSpan?), typeof(TimeSpan?)])!
    .Invoke(project, ["sqlite:" + database, null, null, null, null])!;
var run = migrator.GetType().GetMethod("Upgrade")!.Invoke(migrator, ["heads", null, CancellationToken.None])!;
var steps = (System.Collections.ICollection)run.GetType().GetProperty("Steps")!.GetValue(run)!;

var sqlite = AssemblyLoadContext.All.SelectMany(c => c.Assemblies).First(a => a.GetName().Name == "Microsoft.Data.Sqlite");
Console.WriteLine($"engine={engine.Location}");
Console.WriteLine($"engine-context={AssemblyLoadContext.GetLoadContext(engine)!.Name}");
Console.WriteLine($"sqlite-context={AssemblyLoadContext.GetLoadContext(sqlite)!.Name}");
Console.WriteLine($"engine-in-default={AssemblyLoadContext.Default.Assemblies.Any(a => a.GetName().Name == DependencyLoadContext.EngineAssembly)}");
Console.WriteLine($"steps={steps.Count}");
