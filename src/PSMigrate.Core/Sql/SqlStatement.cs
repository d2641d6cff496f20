namespace PSMigrate.Sql;

/// <summary>
/// SQL text from a revision section, starting at <see cref="Line"/> of its file. A compound chunk
/// came from <c>-- +statement-begin</c> / <c>-- +statement-end</c> and is one statement as it stands.
/// It stays unsplit until a dialect is known, because where a statement ends depends on its quoting rules.
/// <see cref="File"/> names the file it comes from when that is not the revision's own (another tool's down file).
/// </summary>
internal sealed record SqlChunk(string Text, int Line, bool IsCompound, string? File = null);

/// <summary>One statement to run, with the line it starts on in its file (the revision's, unless <see cref="File"/> names another).</summary>
internal sealed record SqlStatement(string Text, int Line, bool IsCompound = false, string? File = null);

/// <summary>The statements of one section; autocommit ones run outside any transaction; a guarded one only where its table exists (or is missing).</summary>
internal sealed record StatementBatch(bool Autocommit, IReadOnlyList<SqlStatement> Statements, Files.TableGuard? Guard = null);

/// <summary>
/// The lexical rules that decide where a dialect's statements end. <see cref="ExecutableComments"/>:
/// MySQL runs the text of <c>/*! ... */</c> and MariaDB's <c>/*M! ... */</c> (mysqldump writes its
/// settings and triggers so), so they are statement text, not comments.
/// </summary>
internal sealed record SplitterRules(
    bool DollarQuotes = false,
    bool Backticks = false,
    bool Brackets = false,
    bool HashComments = false,
    bool BackslashEscapes = false,
    bool NestedBlockComments = false,
    bool StoredProgramBodies = false,
    bool DelimiterCommand = false,
    bool ExecutableComments = false);
