using System.Net.Http.Headers;
using System.Text;

namespace AppLauncher.Identity;

/// <summary>The token a request carries: a Bearer token (API, CLI) or the password of HTTP Basic auth (git).</summary>
public static class PresentedToken
{
    public static string? Of(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header) || header.Parameter is null)
        {
            return null;
        }

        return header.Scheme.ToLowerInvariant() switch
        {
            "bearer" => header.Parameter,
            "basic" => PasswordOf(header.Parameter),
            _ => null,
        };
    }

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
