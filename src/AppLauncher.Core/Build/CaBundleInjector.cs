namespace AppLauncher.Core.Build;

/// <summary>
/// Makes every build stage trust the platform's CA bundle: after each <c>FROM</c>, the bundle (placed in the
/// build context by the builder) is copied in and the variables that common toolchains read point at it.
/// </summary>
public static class CaBundleInjector
{
    /// <summary>Path of the bundle inside the build context.</summary>
    public const string ContextPath = ".launcher/ca-certificates.crt";

    /// <summary>Path of the bundle inside each build stage.</summary>
    public const string ImagePath = "/etc/launcher/ca-certificates.crt";

    private static readonly string[] Lines =
    [
        $"COPY {ContextPath} {ImagePath}",
        $"ENV NODE_EXTRA_CA_CERTS={ImagePath} SSL_CERT_FILE={ImagePath} REQUESTS_CA_BUNDLE={ImagePath} " +
        $"PIP_CERT={ImagePath} CURL_CA_BUNDLE={ImagePath} GIT_SSL_CAINFO={ImagePath} NUGET_CERT_REVOCATION_MODE=offline",
    ];

    /// <summary>
    /// Adds the bundle after each <c>FROM</c>, and <paramref name="stageLabels"/> as one <c>LABEL</c>: every stage image
    /// a build leaves behind (dangling once the next build replaces it) then says whose it is.
    /// </summary>
    public static string Inject(string dockerfile, IReadOnlyDictionary<string, string>? stageLabels = null)
    {
        string[] added = stageLabels is { Count: > 0 }
            ? [.. Lines, "LABEL " + string.Join(" ", stageLabels.Select(l => $"{System.Text.Json.JsonSerializer.Serialize(l.Key)}={System.Text.Json.JsonSerializer.Serialize(l.Value)}"))]
            : Lines;
        var output = new List<string>();
        var lines = dockerfile.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            output.Add(lines[i]);
            if (!lines[i].TrimStart().StartsWith("FROM ", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            // A FROM continued over several lines ends at the first line without a trailing backslash.
            while (lines[i].TrimEnd().EndsWith('\\') && i + 1 < lines.Length)
            {
                output.Add(lines[++i]);
            }

            output.AddRange(added);
        }

        return string.Join('\n', output);
    }
}
