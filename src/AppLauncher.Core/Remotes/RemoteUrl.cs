using System.Net;

namespace AppLauncher.Core.Remotes;

/// <summary>
/// Which remote repository URLs an app may be connected to: <c>https://</c>, <c>ssh://</c> or scp-like
/// <c>git@host:path</c>; plain <c>http://</c> only to a loopback host (a test or local server). Credentials never sit in
/// the URL (they are stored sealed, apart from it, and the URL is shown and recorded on every revision).
/// </summary>
public static class RemoteUrl
{
    public const int MaxLength = 2048;

    /// <summary>Null when <paramref name="url"/> can be connected; otherwise what is wrong and what to do.</summary>
    public static string? Validate(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return "a repository URL is required, e.g. --repo https://github.com/acme/shop.git";
        }

        if (url.Length > MaxLength)
        {
            return $"the repository URL is {url.Length} characters long; at most {MaxLength} are accepted";
        }

        if (url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            return $"the repository URL '{Shown(url)}' holds spaces or control characters: give the URL exactly as the Git server shows it";
        }

        if (IsScpLike(url))
        {
            return null;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Host.Length == 0 && uri.Scheme is "https" or "http" or "ssh"))
        {
            return $"'{Shown(url)}' is not a repository URL: use https://host/owner/repo.git, ssh://git@host/owner/repo.git or git@host:owner/repo.git";
        }

        if (uri.UserInfo.Contains(':', StringComparison.Ordinal))
        {
            return "the repository URL holds a password or token: remove it from the URL and pass it with --credentials token:<token>, so it is stored sealed";
        }

        if (uri.IsFile)
        {
            return $"'{Shown(url)}' is a path on the server: local and file:// repositories are not supported; connect the https:// or ssh:// URL of the Git server, or git push to the app";
        }

        return uri.Scheme switch
        {
            "https" or "ssh" => null,
            "http" when IsLoopback(uri.Host) => null,
            "http" => $"'{Shown(url)}' is plain http:// to {uri.Host}, which is not loopback: use https:// (http:// is accepted only for servers on this machine)",
            _ => $"'{uri.Scheme}://' repositories are not supported: use https://, ssh:// or git@host:path",
        };
    }

    /// <summary>
    /// The URL reduced to host and path, for matching a webhook's repository to a connection: lower-case host, no scheme,
    /// user, trailing <c>/</c> or <c>.git</c>; <c>git@github.com:acme/shop.git</c> and <c>https://github.com/acme/shop</c> are equal.
    /// </summary>
    public static string Normalize(string url)
    {
        string host, path;
        if (IsScpLike(url))
        {
            var at = url.IndexOf('@', StringComparison.Ordinal);
            var colon = url.IndexOf(':', StringComparison.Ordinal);
            host = url[(at + 1)..colon];
            path = url[(colon + 1)..];
        }
        else if (Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            host = uri.IsDefaultPort || uri.Scheme == "ssh" ? uri.Host : $"{uri.Host}:{uri.Port}";
            path = uri.AbsolutePath;
        }
        else
        {
            return url.Trim().ToLowerInvariant();
        }

        path = path.Trim('/');
        if (path.EndsWith(".git", StringComparison.OrdinalIgnoreCase))
        {
            path = path[..^4];
        }

        return $"{host.ToLowerInvariant()}/{path.TrimEnd('/')}";
    }

    /// <summary>Whether the URL is reached with SSH (a deploy key), not HTTP (a token).</summary>
    public static bool IsSsh(string url) => IsScpLike(url) || url.StartsWith("ssh://", StringComparison.OrdinalIgnoreCase);

    private static bool IsScpLike(string url)
    {
        // user@host:path, with no scheme: what git itself accepts as "scp-like syntax".
        var colon = url.IndexOf(':', StringComparison.Ordinal);
        var at = url.IndexOf('@', StringComparison.Ordinal);
        return colon > 0 && !url.Contains("://", StringComparison.Ordinal) && at > 0 && at < colon && colon < url.Length - 1 && !url[(at + 1)..colon].Contains('/', StringComparison.Ordinal);
    }

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    private static string Shown(string url) => url.Length > 100 ? url[..100] + "…" : url;
}
