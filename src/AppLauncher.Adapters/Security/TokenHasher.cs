using System.Security.Cryptography;
using System.Text;

namespace AppLauncher.Security;

/// <summary>
/// Hashes tokens with HMAC-SHA256 under a server key (<c>token.key</c> in the data directory, 0600): tokens carry 256
/// random bits, so a keyed hash is as strong as a slow one, and a stolen database alone does not let anyone test guesses.
/// </summary>
public sealed class TokenHasher
{
    public const string KeyFileName = "token.key";

    /// <summary>What every token AppLauncher makes begins with, so a leaked one is recognised by scanners.</summary>
    public const string Prefix = "lt_";

    private readonly byte[] _key;

    public TokenHasher(byte[] key) => _key = key;

    /// <summary>Reads the key from <paramref name="path"/>, making it on first use.</summary>
    public static TokenHasher FromFile(string path)
    {
        if (!File.Exists(path))
        {
            OwnerOnlyFiles.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            try
            {
                OwnerOnlyFiles.Create(path, stream => stream.Write(Encoding.ASCII.GetBytes(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)))));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process made it first: use theirs.
            }
        }

        var text = File.ReadAllText(path).Trim();
        try
        {
            return new TokenHasher(Convert.FromHexString(text));
        }
        catch (FormatException)
        {
            throw new SecretsException($"{path} is not a token key (64 hex digits): restore it from a backup of the data directory, or delete it to make a new one (every issued token then stops working).");
        }
    }

    /// <summary>A new token: <c>lt_</c> and 256 random bits, URL-safe.</summary>
    public static string Generate() =>
        Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The stored form of <paramref name="token"/>: hex of its HMAC.</summary>
    public string Hash(string token) => Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(token)));

    /// <summary>Constant-time comparison of a stored hash with the hash of a presented token.</summary>
    public bool Matches(string presented, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(presented)), Encoding.ASCII.GetBytes(storedHash));
}
