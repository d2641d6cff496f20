using System.Globalization;
using System.Xml.Linq;

namespace PSMigrate;

/// <summary>
/// Check results as JUnit XML, the format Azure DevOps' PublishTestResults task reads: one test
/// suite per dialect, one test case per check, a failure element with the message for a failed one.
/// </summary>
public static class JUnitReport
{
    public static string Write(IReadOnlyList<CheckResult> results, string name = "psmigrate")
    {
        static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
        var suites = results.GroupBy(r => r.Dialect.Length == 0 ? "folder" : r.Dialect).Select(group => new XElement("testsuite",
            new XAttribute("name", $"{name}.{group.Key}"),
            new XAttribute("tests", group.Count()),
            new XAttribute("failures", group.Count(r => r.Status == CheckStatus.Failed)),
            new XAttribute("errors", 0),
            new XAttribute("skipped", group.Count(r => r.Status == CheckStatus.Skipped)),
            new XAttribute("time", Seconds(TimeSpan.FromTicks(group.Sum(r => r.Duration.Ticks)))),
            new XAttribute("timestamp", DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)),
            group.Select(r => new XElement("testcase",
                new XAttribute("name", (r.Revision is null ? r.Check : $"{r.Check} {r.Revision}") + (r.Dialect.Length == 0 ? "" : $" [{r.Dialect}]")),
                new XAttribute("classname", $"{name}.{group.Key}.{r.Check.Split(':')[0]}"),
                new XAttribute("time", Seconds(r.Duration)),
                r.Status switch
                {
                    CheckStatus.Failed => new XElement("failure", new XAttribute("message", FirstLine(r.Message)), new XAttribute("type", r.Check), r.Message),
                    CheckStatus.Skipped => new XElement("skipped", new XAttribute("message", r.Message)),
                    CheckStatus.Warning => new XElement("system-out", "warning: " + r.Message),
                    _ => null,
                }))));
        var all = new XElement("testsuites",
            new XAttribute("name", name),
            new XAttribute("tests", results.Count),
            new XAttribute("failures", results.Count(r => r.Status == CheckStatus.Failed)),
            new XAttribute("errors", 0),
            new XAttribute("time", Seconds(TimeSpan.FromTicks(results.Sum(r => r.Duration.Ticks)))),
            suites);
        return new XDocument(new XDeclaration("1.0", "utf-8", null), all).Declaration + "\n" + all + "\n";
    }

    /// <summary>Writes the results to a file; a file that cannot be written is an engine error naming it.</summary>
    public static void Save(IReadOnlyList<CheckResult> results, string path)
    {
        try { File.WriteAllText(path, Write(results)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MigrationException(ErrorIds.FileError, $"cannot write {path}: {e.Message}", e) { FilePath = path, Kind = ErrorKind.ResourceUnavailable };
        }
    }

    private static string FirstLine(string text) => text.Split('\n')[0];
}
