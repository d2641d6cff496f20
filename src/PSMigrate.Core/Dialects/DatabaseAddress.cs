using System.Text.RegularExpressions;

namespace PSMigrate.Dialects;

/// <summary>
/// A parsed database address (docs/design.md §4). <see cref="ToString"/> never shows the password;
/// <see cref="Redact"/> scrubs it from any text (driver messages included).
/// </summary>
internal sealed partial record DatabaseAddress(
    DialectKind Dialect,
    string? FilePath,
    string? Host,
    int? Port,
    string? User,
    string? Password,
    string? Database,
    IReadOnlyDictionary<string, string> Options)
{
    public static DatabaseAddress Parse(string address)
    {
        if (SqliteFile(address) is { } file)
        {
            if (file.Length == 0) throw Invalid(address, "sqlite: needs a file path, e.g. sqlite:app.db");
            return new DatabaseAddress(DialectKind.Sqlite, file, null, null, null, null, null, new Dictionary<string, string>());
        }

        // SQLAlchemy names the driver after a '+' (postgresql+psycopg2://, mysql+pymysql://); the driver here is ours.
        var scheme = address.IndexOf("://", StringComparison.Ordinal) is var at and > 0 ? address[..at] : "";
        var dialectName = scheme.Split('+')[0];
        var dialect = DialectNames.Parse(dialectName) is { } known and not DialectKind.Sqlite
            ? known
            : throw Invalid(address, "expected sqlite:PATH, postgresql://user@host/db or mysql://user@host/db");

        var rest = address[(scheme.Length + 3)..];
        // A password as people type it may hold '/', '?', ':' or '@', so the user part ends at the last '@'.
        string? user = null, password = null;
        if (rest.LastIndexOf('@') is var userEnd and >= 0)
        {
            var userInfo = rest[..userEnd];
            rest = rest[(userEnd + 1)..];
            var colon = userInfo.IndexOf(':');
            user = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo[..colon]);
            if (colon >= 0) password = Uri.UnescapeDataString(userInfo[(colon + 1)..]);
        }
        var query = "";
        if (rest.IndexOf('?') is var q and >= 0) { query = rest[(q + 1)..]; rest = rest[..q]; }
        var slash = rest.IndexOf('/');
        if (slash < 0 || slash == rest.Length - 1) throw Invalid(address, "the address names no database (…/dbname)");
        var database = Uri.UnescapeDataString(rest[(slash + 1)..]);
        var authority = rest[..slash];

        // libpq's multi-host form, h1:5432,h2:5432: the driver tries them in turn (target_session_attrs picks which).
        var hosts = authority.Split(',').Select(h => HostAndPort(address, h)).ToArray();
        if (hosts.Length > 1 && dialect != DialectKind.PostgreSql)
            throw Invalid(address, "several hosts (h1,h2) are for PostgreSQL addresses; give MySQL one host");
        var (host, port) = hosts.Length == 1 ? hosts[0]
            : (string.Join(",", hosts.Select(h => h.Port is { } p ? $"{Bracketed(h.Host)}:{p}" : Bracketed(h.Host))), (int?)null);

        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0) throw Invalid(address, $"option '{pair}' is not key=value");
            options[Uri.UnescapeDataString(pair[..eq])] = Uri.UnescapeDataString(pair[(eq + 1)..]);
        }
        return new DatabaseAddress(dialect, null, host, port, user, password, database, options);
    }

    /// <summary>One host of an authority, with its port when it names one; IPv6 in brackets.</summary>
    private static (string Host, int? Port) HostAndPort(string address, string authority)
    {
        string host = authority;
        int? port = null;
        var portColon = authority.StartsWith('[') ? authority.IndexOf("]:", StringComparison.Ordinal) + 1 : authority.LastIndexOf(':');
        if (portColon > 0 && (authority.StartsWith('[') || authority.IndexOf(':') == portColon))
        {
            host = authority[..portColon];
            if (!int.TryParse(authority[(portColon + 1)..], out var p) || p is < 1 or > 65535)
                throw Invalid(address, $"port '{authority[(portColon + 1)..]}' is not a number from 1 to 65535");
            port = p;
        }
        host = host.Trim('[', ']');
        if (host.Length == 0) throw Invalid(address, "the address names no host");
        return (host, port);
    }

    private static string Bracketed(string host) => host.Contains(':') ? $"[{host}]" : host;

    /// <summary>Whether the address lists several hosts (PostgreSQL), which the driver tries in turn.</summary>
    public bool HasSeveralHosts => Host?.Contains(',') == true;

    /// <summary>
    /// The file of a SQLite address, or null for another dialect: <c>sqlite:PATH</c>, or as
    /// SQLAlchemy writes it, <c>sqlite:///relative.db</c> and <c>sqlite:////absolute.db</c>
    /// (<c>sqlite://</c> alone is in memory).
    /// </summary>
    public static string? SqliteFile(string address)
    {
        if (!address.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase)) return null;
        var rest = address[7..];
        if (rest == "//") return ":memory:";
        return rest.StartsWith("///", StringComparison.Ordinal) ? rest[3..] : rest;
    }

    /// <summary>No database, only a dialect: what offline SQL needs when no address can be had (an unset env:NAME).</summary>
    public static DatabaseAddress Offline(DialectKind dialect) =>
        new(dialect, null, null, null, null, null, null, new Dictionary<string, string>());

    public bool IsOffline => FilePath is null && Host is null;

    /// <summary>The same address with a user and password from elsewhere (a PSCredential).</summary>
    public DatabaseAddress WithCredential(string? user, string? password) =>
        this with { User = string.IsNullOrEmpty(user) ? User : user, Password = password ?? Password };

    public string Redact(string text) =>
        string.IsNullOrEmpty(Password) ? text : text.Replace(Password, "***", StringComparison.Ordinal);

    public override string ToString()
    {
        if (IsOffline) return $"(no database: {Dialect.Name()} SQL only)";
        if (Dialect == DialectKind.Sqlite) return "sqlite:" + FilePath;
        var scheme = Dialect.Name();
        var userInfo = User is null ? "" : Uri.EscapeDataString(User) + (Password is null ? "" : ":***") + "@";
        var hostPart = HasSeveralHosts ? Host! : Bracketed(Host!);
        var portPart = Port is null ? "" : $":{Port}";
        var query = Options.Count == 0 ? "" :
            "?" + string.Join("&", Options.Select(o => $"{Uri.EscapeDataString(o.Key)}={(IsSecret(o.Key) ? "***" : Uri.EscapeDataString(o.Value))}"));
        return $"{scheme}://{userInfo}{hostPart}{portPart}/{Uri.EscapeDataString(Database!)}{query}";
    }

    public static bool IsSecret(string key) =>
        key.Contains("password", StringComparison.OrdinalIgnoreCase) || key.Equals("pwd", StringComparison.OrdinalIgnoreCase);

    private static MigrationException Invalid(string address, string why)
    {
        var shown = Scrub(address);
        return new MigrationException(ErrorIds.InvalidDatabaseAddress, $"database address '{shown}': {why}") { Kind = ErrorKind.InvalidArgument, Subject = shown };
    }

    [GeneratedRegex("(?i)((?:password|pwd)[^=&]*=)[^&]*")]
    private static partial Regex SecretOption();

    /// <summary>
    /// An address that did not parse, fit to show: the password between "user:" and the last '@'
    /// and any password option replaced by ***, and the whole cut to 200 characters.
    /// </summary>
    private static string Scrub(string address)
    {
        // Whatever stands between the user name and the last '@' may be a password, "//" or not.
        var start = address.IndexOf("://", StringComparison.Ordinal) is var slashes and >= 0 ? slashes + 3 : address.IndexOf(':') + 1;
        var at = address.LastIndexOf('@');
        if (start > 0 && at > start && address.IndexOf(':', start, at - start) is var colon and >= 0)
            address = address[..(colon + 1)] + "***" + address[at..];
        address = SecretOption().Replace(address, "$1***");
        return address.Length <= 200 ? address : address[..200] + "…";
    }
}
