namespace PSMigrate;

public enum ProblemSeverity { Error, Warning }

/// <summary>Something wrong or worth knowing about a folder's revision graph.</summary>
public sealed record GraphProblem(ProblemSeverity Severity, string ErrorId, string Message, IReadOnlyList<string> Files)
{
    internal MigrationException ToException() =>
        new(ErrorId, Message) { FilePath = Files.Count > 0 ? Files[0] : null };
}
