namespace PSMigrate;

/// <summary>
/// Every failure the engine reports on purpose. <see cref="ErrorId"/> is stable (front ends
/// use it as PowerShell's FullyQualifiedErrorId and scripts match on it); the message is for people.
/// </summary>
public sealed class MigrationException : Exception
{
    public MigrationException(string errorId, string message, Exception? inner = null)
        : base(message, inner) => ErrorId = errorId;

    public string ErrorId { get; }

    /// <summary>The revision the error is about, when there is one.</summary>
    public string? Revision { get; init; }

    /// <summary>The file the error is about, when there is one.</summary>
    public string? FilePath { get; init; }

    /// <summary>1-based line in <see cref="FilePath"/>, when known.</summary>
    public int? Line { get; init; }

    public ErrorKind Kind { get; init; } = ErrorKind.InvalidData;

    /// <summary>
    /// What the error is about when it is no revision file: the target as given, or the database
    /// address (never with its password). Front ends show it as the error's target.
    /// </summary>
    public string? Subject { get; init; }

    /// <summary>A value from the user as an error message shows it: cut to about 200 characters, so a 10 MB argument is not echoed whole.</summary>
    internal static string Echo(string value) => value.Length <= 200 ? value : value[..200] + "…";

    /// <summary>A driver's message as an error carries it: whole up to 2,000 characters, else cut with a note of its length (a statement the server echoes may be megabytes).</summary>
    internal static string Cut(string message) =>
        message.Length <= 2000 ? message : $"{message[..2000]}… (cut: {message.Length:N0} characters in all)";

    /// <summary>The same error, about <paramref name="subject"/>.</summary>
    internal MigrationException About(string subject) =>
        new(ErrorId, Message, InnerException) { Revision = Revision, FilePath = FilePath, Line = Line, Kind = Kind, Subject = Echo(subject) };
}

/// <summary>What kind of thing went wrong; front ends map it to their own categories.</summary>
public enum ErrorKind
{
    InvalidData,
    InvalidArgument,
    ObjectNotFound,
    InvalidOperation,
    ResourceUnavailable,
    ConnectionError,
    ExecutionFailed,
    Cancelled,
}

/// <summary>The stable error ids, one per cause.</summary>
public static class ErrorIds
{
    public const string InvalidRevisionFile = "PSMigrate.InvalidRevisionFile";
    public const string InvalidConfig = "PSMigrate.InvalidConfig";
    public const string FolderNotFound = "PSMigrate.FolderNotFound";
    public const string NoRevisions = "PSMigrate.NoRevisions";
    public const string UnterminatedSql = "PSMigrate.UnterminatedSql";
    public const string DuplicateRevision = "PSMigrate.DuplicateRevision";
    public const string DuplicateBranchLabel = "PSMigrate.DuplicateBranchLabel";
    public const string MissingRevision = "PSMigrate.MissingRevision";
    public const string RevisionCycle = "PSMigrate.RevisionCycle";
    public const string MultipleHeads = "PSMigrate.MultipleHeads";
    public const string MultipleBases = "PSMigrate.MultipleBases";
    public const string AmbiguousRevision = "PSMigrate.AmbiguousRevision";
    public const string UnknownRevision = "PSMigrate.UnknownRevision";
    public const string InvalidTarget = "PSMigrate.InvalidTarget";
    public const string AmbiguousStep = "PSMigrate.AmbiguousStep";
    public const string StepOutOfRange = "PSMigrate.StepOutOfRange";
    public const string NotAnUpgradeTarget = "PSMigrate.NotAnUpgradeTarget";
    public const string NotADowngradeTarget = "PSMigrate.NotADowngradeTarget";
    public const string Irreversible = "PSMigrate.Irreversible";
    public const string EmptyDowngrade = "PSMigrate.EmptyDowngrade";
    public const string ModifiedRevision = "PSMigrate.ModifiedRevision";
    public const string UnknownAppliedRevision = "PSMigrate.UnknownAppliedRevision";
    public const string DirtyDatabase = "PSMigrate.DirtyDatabase";
    public const string StatementFailed = "PSMigrate.StatementFailed";
    public const string VersionRowMismatch = "PSMigrate.VersionRowMismatch";
    public const string ForeignKeyViolation = "PSMigrate.ForeignKeyViolation";
    public const string LockTimeout = "PSMigrate.LockTimeout";
    public const string CommandTimeout = "PSMigrate.CommandTimeout";
    public const string TableLockTimeout = "PSMigrate.TableLockTimeout";
    public const string InvalidDatabaseAddress = "PSMigrate.InvalidDatabaseAddress";
    public const string NoDatabase = "PSMigrate.NoDatabase";
    public const string UnknownDatabaseName = "PSMigrate.UnknownDatabaseName";
    public const string InvalidDatabaseList = "PSMigrate.InvalidDatabaseList";
    public const string DevDatabaseUnavailable = "PSMigrate.DevDatabaseUnavailable";
    public const string SchemaFileFailed = "PSMigrate.SchemaFileFailed";
    public const string SchemaDrift = "PSMigrate.SchemaDrift";
    public const string CheckFailed = "PSMigrate.CheckFailed";
    public const string ConnectionFailed = "PSMigrate.ConnectionFailed";
    public const string ReadOnlyServer = "PSMigrate.ReadOnlyServer";
    public const string RevisionExists = "PSMigrate.RevisionExists";
    public const string InvalidRevisionId = "PSMigrate.InvalidRevisionId";
    public const string InvalidCommandLine = "PSMigrate.InvalidCommandLine";
    public const string InvalidRevisionMessage = "PSMigrate.InvalidRevisionMessage";
    public const string NothingToMerge = "PSMigrate.NothingToMerge";
    public const string Cancelled = "PSMigrate.Cancelled";
    public const string FileError = "PSMigrate.FileError";
    public const string TransactionControl = "PSMigrate.TransactionControl";
    public const string InvalidBookkeepingTable = "PSMigrate.InvalidBookkeepingTable";
}
