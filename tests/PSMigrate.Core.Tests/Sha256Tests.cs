using System.Text;

namespace PSMigrate.Tests;

/// <summary>PSMigrate's own SHA-256 gives FIPS 180-4's digests, so checksums already in journals still match.</summary>
public class Sha256Tests
{
    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    public void Known_digests(string text, string digest) =>
        Assert.Equal(digest, Convert.ToHexString(Sha256.Hash(Encoding.ASCII.GetBytes(text))).ToLowerInvariant());

    [Fact]
    public void Every_length_across_block_and_padding_boundaries_hashes_as_dotnet_does()
    {
        var random = new Random(7);
        for (var length = 0; length <= 300; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(System.Security.Cryptography.SHA256.HashData(data), Sha256.Hash(data));
        }
    }
}
