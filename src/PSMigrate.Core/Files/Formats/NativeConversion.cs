using System.Text;
using PSMigrate.Dialects;
using PSMigrate.Graph;

namespace PSMigrate.Files.Formats;

/// <summary>
/// A folder read in another tool's format, written out as PSMigrate's own revision files, for a
/// team that moves for good: the same ids, parents, messages and SQL, each section marked with
/// its dialects and autocommit, each kept-whole block between statement markers.
/// </summary>
internal static class NativeConversion
{
    public static IReadOnlyList<NewRevision> Plan(RevisionGraph graph, string targetFolder)
    {
        var versions = Path.Combine(Path.GetFullPath(targetFolder), "versions");
        return graph.Ordered.Select(r => File(r, versions)).ToList();
    }

    private static NewRevision File(Revision revision, string versions)
    {
        var text = new StringBuilder()
            .Append("-- Revision: ").Append(revision.Id).Append('\n')
            .Append("-- Revises: ").Append(string.Join(", ", revision.Revises)).Append('\n');
        if (revision.Message is { } message) text.Append("-- Message: ").Append(message).Append('\n');
        foreach (var section in revision.Sections)
        {
            text.Append("\n-- +").Append(section.Direction == Direction.Upgrade ? "upgrade" : "downgrade");
            if (section.Dialects is { } dialects) text.Append(' ').Append(string.Join(" ", dialects.Order().Select(d => d.Name())));
            if (section.Autocommit) text.Append(" autocommit");
            text.Append('\n');
            foreach (var chunk in section.Chunks)
                text.Append(chunk.IsCompound ? $"-- +statement-begin\n{chunk.Text.TrimEnd()}\n-- +statement-end\n" : chunk.Text.TrimEnd() + "\n");
        }
        var path = Path.Combine(versions, $"{revision.Id}.sql");
        var parsed = RevisionParser.Parse(text.ToString(), path);
        return new NewRevision(path, text.ToString(), parsed.Id, parsed.Revises) { Parsed = parsed };
    }
}
