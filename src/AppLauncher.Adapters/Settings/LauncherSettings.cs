using AppLauncher.Core.Config;
using AppLauncher.Security;

namespace AppLauncher.Settings;

/// <summary>Everything start-up resolved: the validated platform configuration, where state lives, and the admin token.</summary>
public sealed record LauncherSettings(PlatformConfig Config, string ConfigFile, string DataDirectory, string BuildpacksDirectory, AdminToken Token, bool TokenGenerated)
{
    /// <summary>The listener as a URI (validated to be absolute http with a port).</summary>
    public Uri Listen => new(Config.Server.Listen);

    /// <summary>The HTTPS listener as a URI, or null when TLS is off (validated to be absolute https with a port).</summary>
    public Uri? TlsListen => Config.Tls.Enabled ? new(Config.Tls.Listen) : null;

    /// <summary>Where AppLauncher keeps its local CA (<c>local-ca.crt</c>, the root clients trust) and TLS state.</summary>
    public string TlsDirectory => Path.Combine(DataDirectory, "tls");

    /// <summary>
    /// Names this installation (from its data directory) on shared resources: two AppLaunchers on one Docker
    /// engine each see only their own containers, even for apps of the same name.
    /// </summary>
    public string InstallationId { get; } = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(DataDirectory)))[..12].ToLowerInvariant();
}
