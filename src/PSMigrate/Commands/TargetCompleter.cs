using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;

namespace PSMigrate.Commands;

/// <summary>Tab completion of targets: keywords, revision ids, branch labels and label@head/@base.</summary>
public sealed class TargetCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var location = Location();
        var folder = fakeBoundParameters["Path"] as string ?? location;
        return Candidates(System.IO.Path.GetFullPath(folder, location), wordToComplete)
            .Select(c => new CompletionResult(c.Text, c.Text, CompletionResultType.ParameterValue, c.ToolTip));
    }

    /// <summary>
    /// The session's file-system location. Completion runs while the prompt's pipeline is running,
    /// so the runspace's session state cannot be asked directly; a nested command on the current
    /// runspace can.
    /// </summary>
    private static string Location()
    {
        using var shell = PowerShell.Create(RunspaceMode.CurrentRunspace);
        var here = shell.AddCommand("Microsoft.PowerShell.Management\\Get-Location").AddParameter("PSProvider", "FileSystem").Invoke<PathInfo>();
        return here.Count > 0 ? here[0].ProviderPath : Environment.CurrentDirectory;
    }

    /// <summary>What completes <paramref name="word"/> in that folder; nothing when the folder cannot be loaded.</summary>
    internal static IReadOnlyList<(string Text, string ToolTip)> Candidates(string folderPath, string word)
    {
        IReadOnlyList<MigrationHistoryEntry> revisions;
        try { revisions = MigrationProject.Load(folderPath).History(); }
        catch (MigrationException) { return []; }

        IEnumerable<(string, string)> all =
        [
            ("heads", "every head"), ("head", "the only head"), ("base", "nothing applied"),
            .. revisions.Select(r => (r.Revision, r.Message ?? r.Revision)),
            .. revisions.SelectMany(r => r.BranchLabels.SelectMany(label => new[]
            {
                (label, $"branch label on {r.Revision}"), (label + "@head", $"head of branch {label}"), (label + "@base", $"base of branch {label}"),
            })),
        ];
        return all.Where(c => c.Item1.StartsWith(word, StringComparison.Ordinal)).ToArray();
    }
}
