using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PSMigrate.Files;

/// <summary>Writes new revision files in the folder's id scheme.</summary>
internal static partial class RevisionWriter
{
    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonSlug();

    /// <summary>The file a request would produce, without writing it (for -WhatIf).</summary>
    public static NewRevision Render(
        MigrationConfig config, IReadOnlyCollection<Revision> existing, NewRevisionRequest request,
        IReadOnlyList<string> parents, DateTimeOffset now, string? sections = null)
    {
        if (request.Message.Contains('\n') || request.Message.Contains('\r'))
            throw new MigrationException(ErrorIds.InvalidRevisionMessage, "a revision message must be one line") { Kind = ErrorKind.InvalidArgument };
        if (request.RevisionId is { } given && (!RevisionParser.RevisionIdPattern().IsMatch(given) || RevisionParser.ReservedWords.Contains(given)))
            throw new MigrationException(ErrorIds.InvalidRevisionId,
                $"'{MigrationException.Echo(given)}' is not a revision id: 1 to 64 letters, digits or '_', and not head, heads, base or current")
                { Kind = ErrorKind.InvalidArgument, Subject = MigrationException.Echo(given) };
        var id = request.RevisionId ?? config.RevisionIds.Next(existing.Select(r => r.Id), now);
        if (existing.Any(r => r.Id == id))
            throw new MigrationException(ErrorIds.RevisionExists, $"revision '{id}' already exists in {existing.First(r => r.Id == id).FilePath}")
                { Revision = id, Kind = ErrorKind.InvalidArgument };

        var text = new StringBuilder()
            .Append("-- Revision: ").Append(id).Append('\n')
            .Append("-- Revises: ").Append(string.Join(", ", parents)).Append('\n')
            .Append("-- Message: ").Append(request.Message).Append('\n')
            .Append("-- Created: ").Append(now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append('\n');
        if (request.BranchLabels is { Count: > 0 } labels) text.Append("-- Branch-Labels: ").Append(string.Join(", ", labels)).Append('\n');
        if (request.DependsOn is { Count: > 0 } deps) text.Append("-- Depends-On: ").Append(string.Join(", ", deps)).Append('\n');
        text.Append(sections ?? (config.Downgrades ? "\n-- +upgrade\n\n\n-- +downgrade\n\n" : "\n-- +upgrade\n\n"));

        var slug = NonSlug().Replace(request.Message.ToLowerInvariant(), "_").Trim('_');
        if (slug.Length > 40) slug = slug[..40].TrimEnd('_');
        // An id that already says what the message says (--rev-id 0003_add_users -m "add users") is not repeated.
        var named = slug.Length == 0 || id.EndsWith(slug, StringComparison.OrdinalIgnoreCase);
        var path = Path.Combine(config.VersionsPath, named ? $"{id}.sql" : $"{id}_{slug}.sql");
        // Parse what we are about to write, so a bad id or label fails here with the same message as on load.
        var revision = RevisionParser.Parse(text.ToString(), path);
        return new NewRevision(path, text.ToString(), revision.Id, revision.Revises) { Parsed = revision };
    }

    /// <summary>
    /// Writes the file under a hidden temporary name (the folder skips dot-files) and renames it,
    /// so a revision is never seen half-written, and an existing file is never replaced.
    /// </summary>
    public static Revision Write(NewRevision file)
    {
        var folder = Path.GetDirectoryName(file.Path)!;
        var temporary = Path.Combine(folder, $".{Path.GetFileName(file.Path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(temporary, file.Text, new UTF8Encoding(false));
            File.Move(temporary, file.Path, overwrite: false);
        }
        catch (IOException) when (File.Exists(file.Path))
        {
            throw new MigrationException(ErrorIds.RevisionExists, $"{file.Path} already exists") { FilePath = file.Path, Kind = ErrorKind.InvalidArgument };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MigrationException(ErrorIds.FileError, $"cannot write {file.Path}: {e.Message}", e) { FilePath = file.Path, Kind = ErrorKind.ResourceUnavailable };
        }
        finally
        {
            try { File.Delete(temporary); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        return file.Parsed;
    }
}
