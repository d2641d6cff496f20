namespace PSMigrate;

/// <summary>
/// What happens to the databases of a <see cref="MigrationFleet"/>, in the order the caller reads
/// it. <see cref="Index"/> is the database's place in the list given (duplicates dropped).
/// </summary>
public abstract record FleetEvent(int Index, string Database);

/// <summary>A database's turn has come: connecting, then taking its lock.</summary>
public sealed record DatabaseStarted(int Index, string Database) : FleetEvent(Index, Database);

/// <summary>A database is about to run a step.</summary>
public sealed record DatabaseProgress(int Index, string Database, MigrationProgress Progress) : FleetEvent(Index, Database);

/// <summary>What a deploy log wants of a database's run (connected, lock taken, each commit).</summary>
public sealed record DatabaseMessage(int Index, string Database, string Text) : FleetEvent(Index, Database);

/// <summary>The first line of a statement a database is about to run, with its file and line.</summary>
public sealed record DatabaseStatement(int Index, string Database, string Text) : FleetEvent(Index, Database);

/// <summary>A database's upgrade, downgrade or stamp is over, one way or another.</summary>
public sealed record DatabaseFinished(int Index, string Database, DatabaseResult Result) : FleetEvent(Index, Database);

/// <summary>A database's status was read, or could not be.</summary>
public sealed record DatabaseStatusRead(int Index, string Database, MigrationStatus? Status, MigrationException? Failure)
    : FleetEvent(Index, Database);
