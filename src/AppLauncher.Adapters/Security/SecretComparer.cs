using System.Security.Cryptography;
using System.Text;

namespace AppLauncher.Security;

/// <summary>Compares a presented secret with the expected one in time that depends on neither value nor length.</summary>
public static class SecretComparer
{
    /// <summary>
    /// True when both are the same non-empty string. Both sides are hashed first, so the comparison always covers
    /// 32 bytes and a caller learns nothing from timing, not even the expected secret's length.
    /// </summary>
    public static bool Matches(string? presented, string? expected)
    {
        if (string.IsNullOrEmpty(presented) || string.IsNullOrEmpty(expected))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }
}
