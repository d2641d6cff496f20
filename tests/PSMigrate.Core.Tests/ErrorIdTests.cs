using System.Reflection;
using PSMigrate.Tests.Support;

namespace PSMigrate.Tests;

public class ErrorIdTests
{
    [Fact]
    public void Every_error_id_is_in_the_readme_troubleshooting_table_and_nothing_else_is()
    {
        var ids = typeof(ErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToArray();
        Assert.All(ids, id => Assert.StartsWith("PSMigrate.", id));
        Assert.Equal(ids.Length, ids.Distinct().Count());

        var readme = File.ReadAllText(Repository.File("README.md"));
        var section = readme[readme.IndexOf("## Troubleshooting", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        var documented = System.Text.RegularExpressions.Regex.Matches(section, @"`(PSMigrate\.\w+)`").Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Empty(ids.Except(documented));
        Assert.Empty(documented.Except(ids));
    }
}
