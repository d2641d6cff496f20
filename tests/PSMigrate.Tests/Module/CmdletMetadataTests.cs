using System.Management.Automation;
using PSMigrate.Tests.Support;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using PSMigrate.Commands;

namespace PSMigrate.Tests.Module;

/// <summary>
/// The cmdlets' declared surface, checked against the manifest, the format file and the help.
/// Attributes are read as metadata (CustomAttributeData): PowerShellStandard.Library's
/// attribute classes are stubs whose properties return nothing at run time.
/// </summary>
public class CmdletMetadataTests
{
    private static readonly Type[] Cmdlets = typeof(MigrationCmdlet).Assembly.GetTypes()
        .Where(t => Attribute<CmdletAttribute>(t) is not null).OrderBy(t => t.Name).ToArray();

    private static CustomAttributeData? Attribute<T>(MemberInfo member) =>
        member.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType == typeof(T));

    private static IEnumerable<CustomAttributeData> Attributes<T>(MemberInfo member) =>
        member.GetCustomAttributesData().Where(a => a.AttributeType == typeof(T));

    private static object? Named(CustomAttributeData? attribute, string name) =>
        attribute?.NamedArguments.FirstOrDefault(a => a.MemberName == name).TypedValue.Value;

    private static string Verb(Type t) => (string)Attribute<CmdletAttribute>(t)!.ConstructorArguments[0].Value!;

    private static string NameOf(Type t) => $"{Verb(t)}-{Attribute<CmdletAttribute>(t)!.ConstructorArguments[1].Value}";

    private static IEnumerable<PropertyInfo> Parameters(Type t) =>
        t.GetProperties().Where(p => Attribute<ParameterAttribute>(p) is not null);

    private static CustomAttributeData Parameter(Type t, string property) => Attribute<ParameterAttribute>(t.GetProperty(property)!)!;

    [Fact]
    public void The_thirteen_cmdlets_of_the_design_exist_with_approved_verbs()
    {
        Assert.Equal(
            ["Compare-MigrationSchema", "Export-MigrationSchema", "Get-MigrationHead", "Get-MigrationHistory", "Get-MigrationLog", "Get-MigrationStatus",
             "Invoke-MigrationDowngrade", "Invoke-MigrationUpgrade", "New-MigrationRevision", "Set-MigrationStamp", "Test-Migration",
             "Test-MigrationDrift", "Test-MigrationGraph"],
            Cmdlets.Select(NameOf).Order(StringComparer.Ordinal));
        var approved = new[] { typeof(VerbsCommon), typeof(VerbsData), typeof(VerbsLifecycle), typeof(VerbsDiagnostic), typeof(VerbsCommunications), typeof(VerbsSecurity), typeof(VerbsOther) }
            .SelectMany(t => t.GetFields()).Select(f => (string)f.GetRawConstantValue()!).ToHashSet();
        Assert.All(Cmdlets, t => Assert.Contains(Verb(t), approved));
        Assert.All(Cmdlets, t => Assert.True(t.IsSealed, $"{t.Name} should be sealed"));
    }

    [Fact]
    public void Cmdlets_that_change_something_support_WhatIf_and_readers_do_not()
    {
        var changing = Cmdlets.Where(t => Named(Attribute<CmdletAttribute>(t), "SupportsShouldProcess") is true).Select(NameOf).Order(StringComparer.Ordinal);
        Assert.Equal(["Invoke-MigrationDowngrade", "Invoke-MigrationUpgrade", "New-MigrationRevision", "Set-MigrationStamp"], changing);
    }

    [Fact]
    public void Common_parameters_and_positional_targets()
    {
        Assert.All(Cmdlets, t => Assert.Contains("Path", Parameters(t).Select(p => p.Name)));
        var withDatabase = Cmdlets.Where(t => typeof(DatabaseCmdlet).IsAssignableFrom(t)).Select(NameOf).Order(StringComparer.Ordinal);
        Assert.Equal(["Get-MigrationHistory", "Get-MigrationLog", "Get-MigrationStatus", "Invoke-MigrationDowngrade", "Invoke-MigrationUpgrade", "Set-MigrationStamp", "Test-MigrationDrift"], withDatabase);
        Assert.NotNull(Attribute<CredentialAttribute>(typeof(DatabaseCmdlet).GetProperty("Credential")!));

        foreach (var t in new[] { typeof(InvokeMigrationUpgradeCommand), typeof(InvokeMigrationDowngradeCommand), typeof(SetMigrationStampCommand) })
        {
            Assert.Equal(0, Named(Parameter(t, "Target"), "Position"));
            Assert.Equal(typeof(TargetCompleter), Attribute<ArgumentCompleterAttribute>(t.GetProperty("Target")!)!.ConstructorArguments[0].Value);
        }
        Assert.Equal(true, Named(Parameter(typeof(InvokeMigrationUpgradeCommand), "Database"), "ValueFromPipeline"));
        Assert.Equal(true, Named(Parameter(typeof(InvokeMigrationDowngradeCommand), "Delta"), "Mandatory"));
        Assert.Equal("Delta", Named(Parameter(typeof(InvokeMigrationDowngradeCommand), "Delta"), "ParameterSetName"));
        Assert.Equal(true, Named(Parameter(typeof(InvokeMigrationDowngradeCommand), "Target"), "Mandatory"));
    }

    [Fact]
    public void The_manifest_exports_exactly_the_cmdlets_and_carries_the_gallery_data()
    {
        var manifest = File.ReadAllText(Repository.File("PSMigrate.psd1"));
        var exported = Regex.Match(manifest, @"CmdletsToExport\s*=\s*@\(([^)]*)\)").Groups[1].Value;
        Assert.Equal(Cmdlets.Select(NameOf).Order(StringComparer.Ordinal),
            Regex.Matches(exported, "'([^']+)'").Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal));
        Assert.Matches(@"RootModule\s*=\s*'PSMigrate\.dll'", manifest);
        Assert.Matches(@"CompatiblePSEditions\s*=\s*@\('Core'\)", manifest);
        Assert.Matches(@"PowerShellVersion\s*=\s*'7\.4'", manifest);
        Assert.Matches(@"FormatsToProcess\s*=\s*@\('PSMigrate\.format\.ps1xml'\)", manifest);
        Assert.Matches(@"ModuleVersion\s*=\s*'" + Regex.Escape(typeof(MigrationCmdlet).Assembly.GetName().Version!.ToString(3)) + "'", manifest);
        foreach (var key in new[] { "Tags", "ReleaseNotes" }) Assert.Matches(key + @"\s*=", manifest);
        // No link to a home the project does not have yet: the Gallery would show it, and it would lead nowhere.
        Assert.DoesNotMatch(@"https?://", manifest);
    }

    /// <summary>The cmdlets write shaped objects named after the engine types; the Pester specs check each view's properties on real objects.</summary>
    [Fact]
    public void Every_output_type_has_a_table_view()
    {
        var format = XDocument.Load(Repository.File("module", "PSMigrate.format.ps1xml"));
        var tables = format.Descendants("View").Where(v => v.Element("TableControl") is not null)
            .Select(v => v.Element("ViewSelectedBy")!.Element("TypeName")!.Value).ToHashSet();
        var outputTypes = Cmdlets.SelectMany(Attributes<OutputTypeAttribute>)
            .SelectMany(a => (IEnumerable<CustomAttributeTypedArgument>)a.ConstructorArguments[0].Value!).Select(v => (Type)v.Value!)
            .Where(t => t.Namespace!.StartsWith("PSMigrate", StringComparison.Ordinal)).Distinct().ToArray();
        Assert.Equal(8, outputTypes.Length);
        foreach (var type in outputTypes) Assert.Contains(type.FullName!, tables);
    }

    [Fact]
    public void Every_cmdlet_has_help_with_examples_and_every_parameter_documented()
    {
        XNamespace command = "http://schemas.microsoft.com/maml/dev/command/2004/10", maml = "http://schemas.microsoft.com/maml/2004/10";
        var help = XDocument.Load(Repository.File("module", "en-US", "PSMigrate.dll-Help.xml"))
            .Descendants(command + "command").ToDictionary(c => c.Element(command + "details")!.Element(command + "name")!.Value);
        foreach (var t in Cmdlets)
        {
            Assert.True(help.TryGetValue(NameOf(t), out var entry), $"no help for {NameOf(t)}");
            Assert.NotEmpty(entry.Descendants(command + "example"));
            var documented = entry.Descendants(command + "parameter").Select(p => p.Element(maml + "name")!.Value).ToHashSet();
            foreach (var p in Parameters(t)) Assert.True(documented.Contains(p.Name), $"{NameOf(t)} -{p.Name} is not documented");
        }
        Assert.Contains("about_PSMigrate", File.ReadAllText(Repository.File("module", "en-US", "about_PSMigrate.help.txt")));
    }
}
