namespace AppLauncher.Proxy;

/// <summary>An app's own HTTPS settings; a null member keeps the platform's (<c>tls.redirect</c>, <c>tls.hstsMaxAgeSeconds</c>).</summary>
public sealed record AppHttpsSettings(bool? Redirect, int? HstsMaxAgeSeconds);
