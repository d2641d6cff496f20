using PSMigrate.Graph;
using PSMigrate.Files;

namespace PSMigrate.Authoring;

/// <summary>Chooses a new revision's parents from the graph and checks the revision against it before anything is written.</summary>
internal static class RevisionAuthor
{
    public static NewRevision Plan(MigrationFolder folder, RevisionGraph graph, NewRevisionRequest request, DateTimeOffset now, string? sections = null)
    {
        IReadOnlyList<string> parents;
        if (request.Merge)
        {
            if (graph.Heads.Count < 2)
                throw new MigrationException(ErrorIds.NothingToMerge, $"nothing to merge: the folder has {graph.Heads.Count} head(s)")
                    { Kind = ErrorKind.InvalidOperation };
            parents = graph.Heads.Select(r => r.Id).ToArray();
        }
        else if (request.Revises is { } named)
        {
            var resolver = new TargetResolver(graph, []);
            parents = named.SelectMany(resolver.ResolveRevisions).Select(r => r.Id).Distinct().ToArray();
        }
        else if (graph.Heads.Count > 1)
            throw new MigrationException(ErrorIds.MultipleHeads,
                $"the folder has {graph.Heads.Count} heads ({RevisionGraph.Ids(graph.Heads)}): merge them with --merge (-Merge), or name the parent with --revises (-Revises)")
                { Kind = ErrorKind.InvalidOperation };
        else
            parents = graph.Heads.Select(r => r.Id).ToArray();

        var file = RevisionWriter.Render(folder.Config, folder.Revisions, request with { Revises = parents }, parents, now, sections);
        RevisionGraph.Build([.. folder.Revisions, file.Parsed], folder.Config.OptionalBranches); // a dangling Depends-On or a taken label fails here, before writing
        return file;
    }

    public static MigrationRevision Write(MigrationFolder folder, NewRevision file)
    {
        var written = RevisionWriter.Write(file);
        return MigrationRevision.From(written, RevisionGraph.Build([.. folder.Revisions, written], folder.Config.OptionalBranches), folder.Config.FolderPath);
    }
}
