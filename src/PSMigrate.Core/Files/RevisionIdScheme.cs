using System.Globalization;
using System.Security.Cryptography;

namespace PSMigrate.Files;

/// <summary>How new revision ids are made: <c>hex</c>, <c>sequence:N</c> or <c>timestamp</c>.</summary>
internal sealed record RevisionIdScheme(RevisionIdKind Kind, int Width = 0)
{
    public static readonly RevisionIdScheme Hex = new(RevisionIdKind.Hex);

    public static RevisionIdScheme? TryParse(string text)
    {
        if (text == "hex") return Hex;
        if (text == "timestamp") return new(RevisionIdKind.Timestamp);
        if (text.StartsWith("sequence:", StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(9), NumberStyles.None, CultureInfo.InvariantCulture, out var width)
            && width is >= 1 and <= 64)
            return new(RevisionIdKind.Sequence, width);
        return null;
    }

    public string Next(IEnumerable<string> existingIds, DateTimeOffset now) => Kind switch
    {
        RevisionIdKind.Hex => Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant(),
        RevisionIdKind.Timestamp => now.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture),
        _ => NextInSequence(existingIds),
    };

    private string NextInSequence(IEnumerable<string> existingIds)
    {
        var highest = existingIds
            .Where(id => id.All(char.IsAsciiDigit))
            .Select(id => System.Numerics.BigInteger.Parse(id, CultureInfo.InvariantCulture))
            .DefaultIfEmpty(System.Numerics.BigInteger.Zero)
            .Max();
        return (highest + 1).ToString(CultureInfo.InvariantCulture).PadLeft(Width, '0');
    }

    public override string ToString() => Kind switch
    {
        RevisionIdKind.Hex => "hex",
        RevisionIdKind.Timestamp => "timestamp",
        _ => $"sequence:{Width}",
    };
}

internal enum RevisionIdKind { Hex, Sequence, Timestamp }
