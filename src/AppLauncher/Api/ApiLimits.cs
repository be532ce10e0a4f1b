namespace AppLauncher.Api;

/// <summary>What one control-plane request may cost before the handler sees it.</summary>
public static class ApiLimits
{
    /// <summary>
    /// The largest request body of any control-plane endpoint (every API body is a small JSON document). Git pushes
    /// raise it to <c>git.maxPushBytes</c> once they are authorized; requests to apps go through the proxy instead.
    /// </summary>
    public const long MaxBodyBytes = 1024 * 1024;

    /// <summary>The largest total size of a request's headers (Kestrel's default, set explicitly): for every request, apps' too.</summary>
    public const int MaxRequestHeadersTotalSize = 32 * 1024;
}
