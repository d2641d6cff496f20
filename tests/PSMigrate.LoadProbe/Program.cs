using System.Reflection;
using System.Runtime.Loader;
using PSMigrate.Commands.Loading;

// Usage: PSMigrate.LoadProbe <published module folder> <migration folder> <sqlite file>
// Prints key=value lines; exits 0 only when the engine ran an upgrade from its own context.
var (module, folder, database) = (args[0], args[1], args[2]);
var context = new DependencyLoadContext(Path.Combine(module, "Dependencies", DependencyLoadContext.EngineAssembly + ".dll"));
var engine = context.LoadFromAssemblyName(new AssemblyName(DependencyLoadContext.EngineAssembly));

var requestType = engine.GetType("PSMigrate.Execution.MigrationRequest", throwOnError: true)!;
var request = Activator.CreateInstance(requestType, folder, Environment.CurrentDirectory, "sqlite:" + database, null, null, null)!;
var migrator = engine.GetType("PSMigrate.Execution.Migrator", throwOnError: true)!.GetMethod("Open")!.Invoke(null, [request])!;
var upgrade = migrator.GetType().GetMethod("Upgrade")!;
var steps = (System.Collections.ICollection)upgrade.Invoke(migrator, ["heads", null, CancellationToken.None])!;

var sqlite = AssemblyLoadContext.All.SelectMany(c => c.Assemblies).First(a => a.GetName().Name == "Microsoft.Data.Sqlite");
Console.WriteLine($"engine={engine.Location}");
Console.WriteLine($"engine-context={AssemblyLoadContext.GetLoadContext(engine)!.Name}");
Console.WriteLine($"sqlite-context={AssemblyLoadContext.GetLoadContext(sqlite)!.Name}");
Console.WriteLine($"engine-in-default={AssemblyLoadContext.Default.Assemblies.Any(a => a.GetName().Name == DependencyLoadContext.EngineAssembly)}");
Console.WriteLine($"steps={steps.Count}");
