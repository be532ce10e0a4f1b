namespace AppLauncher.Core.Names;

/// <summary>
/// The rule for <c>healthCheck.path</c>: a path on the app's own instance. The platform requests it itself, so it must not
/// be able to name another host (<c>//host/</c>, <c>http://x/</c>) or step outside the path (<c>/../</c>).
/// </summary>
public static class HealthCheckPath
{
    public const int MaxLength = 1024;

    /// <summary>Null when <paramref name="path"/> is a usable health-check path, otherwise what is wrong and how to fix it.</summary>
    public static string? Validate(string path)
    {
        const string Example = "an absolute URL path on the app, e.g. /healthz";
        if (path.Length > MaxLength)
        {
            return $"is {path.Length} characters long; {Example}, at most {MaxLength} characters";
        }

        if (!path.StartsWith('/') || path.StartsWith("//", StringComparison.Ordinal))
        {
            return $"'{Printable(path)}' must be {Example}: it starts with one '/' (a URL or '//host' would make the platform request another host)";
        }

        if (path.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is '\\' or '#' || c > '\x7e'))
        {
            return $"'{Printable(path)}' must be {Example}: no spaces, control characters, '\\', '#' or non-ASCII characters (percent-encode them)";
        }

        var pathPart = path.Split('?', 2)[0];
        if (pathPart.Contains("://", StringComparison.Ordinal)
            || pathPart.Split('/').Any(s => Uri.UnescapeDataString(s) is "." or ".." || s.Contains('%', StringComparison.Ordinal) && Uri.UnescapeDataString(s).IndexOfAny(['/', '\\']) >= 0))
        {
            return $"'{Printable(path)}' must be {Example}: no '.' or '..' segments, encoded slashes or embedded URLs";
        }

        return null;
    }

    /// <summary>The URL of <paramref name="path"/> on <paramref name="endpoint"/>: always the endpoint's scheme, host and port.</summary>
    public static Uri On(Uri endpoint, string? path)
    {
        path ??= "/";
        var query = path.IndexOf('?', StringComparison.Ordinal);
        var builder = new UriBuilder(endpoint.Scheme, endpoint.Host, endpoint.Port)
        {
            Path = query < 0 ? path : path[..query],
            Query = query < 0 ? "" : path[(query + 1)..],
        };
        return builder.Uri;
    }

    private static string Printable(string path) =>
        new(path.Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
