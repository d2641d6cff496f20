using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace PSMigrate.Commands.Loading;

/// <summary>
/// Wires the private load context in when the module is imported: when the shared context
/// cannot find PSMigrate.Core (it is not in the module root), the engine is loaded from
/// Dependencies/ through <see cref="DependencyLoadContext"/>, and so is everything it uses.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    // One context per process: an assembly can be loaded into a context only once, and
    // pwsh may import and remove the module several times in one session.
    private static readonly Lazy<DependencyLoadContext> Context =
        new(() => new DependencyLoadContext(DependencyLoadContext.EnginePathBeside(typeof(ModuleInitializer).Assembly)));

    public void OnImport() => AssemblyLoadContext.Default.Resolving += ResolveEngine;

    public void OnRemove(PSModuleInfo module) => AssemblyLoadContext.Default.Resolving -= ResolveEngine;

    private static Assembly? ResolveEngine(AssemblyLoadContext context, AssemblyName name) =>
        name.Name == DependencyLoadContext.EngineAssembly ? Context.Value.LoadFromAssemblyName(name) : null;
}
