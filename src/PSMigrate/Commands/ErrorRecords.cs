using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>What an error is about: the failing revision and its file, and the line when known.</summary>
public sealed record ErrorTarget(string? Revision, string? Path, int? Line);

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

    public static ErrorTarget? Target(MigrationException e) =>
        e.Revision is null && e.FilePath is null ? null : new ErrorTarget(e.Revision, e.FilePath, e.Line);
}
