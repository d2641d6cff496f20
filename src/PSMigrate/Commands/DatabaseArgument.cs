using System.Text.RegularExpressions;

namespace PSMigrate.Commands;

/// <summary>
/// A database as the cmdlets take it: an address, or a SQLite file given as a path or a FileInfo.
/// A type of its own rather than a string, because PowerShell turns any piped object into a
/// string through its ToString; nothing converts a status or a revision into this, so those bind
/// by their properties (FolderPath, Database) instead.
/// </summary>
public sealed partial class DatabaseInput
{
    /// <summary>An empty or blank value is refused as PowerShell binds it, rather than taken for a SQLite file named " ".</summary>
    public DatabaseInput(string address) =>
        Address = string.IsNullOrWhiteSpace(address) ? throw new ArgumentException("a database cannot be empty or blank: give an address, a name from psmigrate.json, or a SQLite file") : address;

    public DatabaseInput(FileInfo file) => Address = file.FullName;

    public string Address { get; }

    [GeneratedRegex("(://[^/@]*?:)[^@]*@")]
    private static partial Regex Password();

    /// <summary>How PowerShell shows a bound value (traces, binding errors): never with a password.</summary>
    public override string ToString() => Password().Replace(Address, "$1***@");
}
