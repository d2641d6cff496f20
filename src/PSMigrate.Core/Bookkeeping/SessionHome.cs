namespace PSMigrate.Bookkeeping;

/// <summary>
/// Where a run's session starts, which is where PSMigrate's own tables live when their names are
/// unqualified: a schema (PostgreSQL) or database (MySQL). A revision may move the session
/// (<c>SET search_path</c>, pg_dump's <c>set_config('search_path', '', false)</c>, <c>USE other</c>),
/// so bookkeeping names this home outright, and <see cref="Restore"/> puts the session back after
/// such a revision, so the next one starts where the run began.
/// </summary>
/// <param name="Schema">The home as SQL: a quoted name, or in an offline psql script a psql variable.</param>
/// <param name="Restore">The statement that puts the session back home.</param>
/// <param name="Prologue">For an offline script: what reads the home when the script starts (psql's \gset).</param>
internal sealed record SessionHome(string Schema, string Restore, string? Prologue = null);
