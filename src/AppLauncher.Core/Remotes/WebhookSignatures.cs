using System.Security.Cryptography;
using System.Text;

namespace AppLauncher.Core.Remotes;

/// <summary>
/// The providers' webhook checks, each in constant time: GitHub's <c>X-Hub-Signature-256: sha256=&lt;hex HMAC-SHA256 of the
/// body&gt;</c>, Gitea's <c>X-Gitea-Signature: &lt;hex HMAC-SHA256&gt;</c>, GitLab's <c>X-Gitlab-Token: &lt;secret&gt;</c>
/// and the generic <c>Authorization: Bearer &lt;secret&gt;</c>.
/// </summary>
public static class WebhookSignatures
{
    /// <summary>The hex HMAC-SHA256 of <paramref name="body"/> under <paramref name="secret"/>, as GitHub and Gitea send it.</summary>
    public static string Hmac(string secret, ReadOnlySpan<byte> body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>GitHub: <paramref name="header"/> is <c>sha256=</c> and the hex HMAC of the exact body bytes.</summary>
    public static bool VerifyGitHub(string secret, ReadOnlySpan<byte> body, string? header) =>
        header is not null && header.StartsWith("sha256=", StringComparison.Ordinal) && HexEquals(Hmac(secret, body), header["sha256=".Length..]);

    /// <summary>Gitea: <paramref name="header"/> is the bare hex HMAC of the exact body bytes.</summary>
    public static bool VerifyGitea(string secret, ReadOnlySpan<byte> body, string? header) =>
        header is not null && HexEquals(Hmac(secret, body), header);

    /// <summary>GitLab's token and the generic bearer: the secret itself, compared in constant time.</summary>
    public static bool VerifyToken(string secret, string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(secret)), SHA256.HashData(Encoding.UTF8.GetBytes(presented)));

    private static bool HexEquals(string expected, string presented)
    {
        // Same work for every presented value: compare digests of both, so length and position leak nothing.
        var a = SHA256.HashData(Encoding.ASCII.GetBytes(expected));
        var b = SHA256.HashData(Encoding.ASCII.GetBytes(presented.Trim().ToLowerInvariant()));
        return CryptographicOperations.FixedTimeEquals(a, b);
    }
}
