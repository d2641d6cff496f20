namespace PSMigrate.Dialects;

/// <summary>How a dialect quotes an identifier: PSMigrate's own tables and generated DDL both quote through this.</summary>
internal sealed record Quoting(char Open, char Close)
{
    public string Quote(string identifier) => Open + identifier.Replace(Close.ToString(), new string(Close, 2)) + Close;
}
