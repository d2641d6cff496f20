using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>What an error is about: the failing revision and its file, and the line when known.</summary>
public sealed record ErrorTarget(string? Revision, string? Path, int? Line)
{
    /// <summary>How PowerShell shows it as CategoryInfo.TargetName: file:line, or the revision.</summary>
    public override string ToString() =>
        Path is null ? $"revision {Revision}" : Line is null ? Path : $"{Path}:{Line}";
}

/// <summary>Engine errors as PowerShell ErrorRecords: the engine's error id, a category, and the target.</summary>
internal static class ErrorRecords
{
    public static ErrorRecord From(MigrationException e) => new(e, e.ErrorId, Category(e.Kind), Target(e));

    public static ErrorCategory Category(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidData => ErrorCategory.InvalidData,
        ErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
        ErrorKind.ObjectNotFound => ErrorCategory.ObjectNotFound,
        ErrorKind.InvalidOperation => ErrorCategory.InvalidOperation,
        ErrorKind.ResourceUnavailable => ErrorCategory.ResourceUnavailable,
        ErrorKind.ConnectionError => ErrorCategory.ConnectionError,
        ErrorKind.Cancelled => ErrorCategory.OperationStopped,
        _ => ErrorCategory.WriteError,
    };

    /// <summary>The revision and file when there is one; otherwise the target or the (redacted) database the error is about.</summary>
    public static object? Target(MigrationException e) =>
        e.Revision is null && e.FilePath is null ? e.Subject : new ErrorTarget(e.Revision, e.FilePath, e.Line);
}
