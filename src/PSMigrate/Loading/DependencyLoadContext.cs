using System.Reflection;
using System.Runtime.Loader;

namespace PSMigrate.Commands.Loading;

/// <summary>
/// The module's private load context. pwsh loads every module into one shared context and
/// ignores a module's .deps.json, so a bundled Npgsql or Newtonsoft.Json could clash with
/// another module's copy, and runtimes/&lt;rid&gt;/native would never be probed. Everything the
/// engine needs lives in Dependencies/ and loads here instead, resolved by
/// <see cref="AssemblyDependencyResolver"/> from PSMigrate.Core.deps.json, which also finds
/// SQLite's native library for the current platform.
/// </summary>
public sealed class DependencyLoadContext : AssemblyLoadContext
{
    public const string EngineAssembly = "PSMigrate.Core";
    private readonly AssemblyDependencyResolver _resolver;

    public DependencyLoadContext(string enginePath) : base("PSMigrate.Dependencies") =>
        _resolver = new AssemblyDependencyResolver(enginePath);

    /// <summary>The Dependencies/ folder beside the assembly that holds the cmdlets.</summary>
    public static string EnginePathBeside(Assembly cmdlets) =>
        Path.Combine(Path.GetDirectoryName(cmdlets.Location)!, "Dependencies", EngineAssembly + ".dll");

    /// <summary>
    /// Assemblies the runtime itself provides (System.*) come from the shared context; everything
    /// listed in the engine's deps.json comes from Dependencies/.
    /// </summary>
    protected override Assembly? Load(AssemblyName name) =>
        _resolver.ResolveAssemblyToPath(name) is { } path ? LoadFromAssemblyPath(path) : null;

    protected override IntPtr LoadUnmanagedDll(string name) =>
        _resolver.ResolveUnmanagedDllToPath(name) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;
}
