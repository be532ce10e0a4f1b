using AppLauncher.Core.Config;
using AppLauncher.Security;

namespace AppLauncher.Hosting;

/// <summary>Everything start-up resolved: the validated platform configuration, where state lives, and the admin token.</summary>
public sealed record LauncherSettings(PlatformConfig Config, string ConfigFile, string DataDirectory, string BuildpacksDirectory, AdminToken Token, bool TokenGenerated)
{
    /// <summary>The listener as a URI (validated to be absolute http with a port).</summary>
    public Uri Listen => new(Config.Server.Listen);
}
