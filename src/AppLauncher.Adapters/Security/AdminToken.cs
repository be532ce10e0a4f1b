using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace AppLauncher.Security;

/// <summary>The admin token: accepted as a Bearer token (API, CLI) or as the password of HTTP Basic auth (git).</summary>
public sealed class AdminToken(string value)
{
    public string Value { get; } = value;

    /// <summary>A new random token (URL-safe, 256 bits).</summary>
    public static string Generate() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>True when the request carries this token.</summary>
    public bool Authorizes(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header) || header.Parameter is null)
        {
            return false;
        }

        var presented = header.Scheme.ToLowerInvariant() switch
        {
            "bearer" => header.Parameter,
            "basic" => PasswordOf(header.Parameter),
            _ => null,
        };
        return presented is not null && Matches(presented);
    }

    public bool Matches(string presented) => SecretComparer.Matches(presented, Value);

    private static string? PasswordOf(string basic)
    {
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(basic));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : decoded[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
