using AppLauncher.Settings;
using AppLauncher.Core.Domains;

namespace AppLauncher.Hosting;

/// <summary>What the operator sees at start: where it listens, the token, and how to push.</summary>
public static class StartupBanner
{
    public static void Print(LauncherSettings settings, TextWriter output)
    {
        var listen = settings.Listen;
        var control = $"{listen.Scheme}://{listen.Host}:{listen.Port}";
        output.WriteLine($"""

            AppLauncher is listening on {control} (control plane) and *.{settings.Config.Domain}:{listen.Port} (apps)
              data:       {settings.DataDirectory}
              runtime:    {settings.Config.Runtime.Kind}
              admin token {(settings.TokenGenerated ? "(new)" : "")}: {settings.Token.Value}
                          (kept in {Path.Combine(settings.DataDirectory, LauncherSettingsLoader.TokenFile)}; set LAUNCHER_ADMIN_TOKEN to choose it)

            Deploy an app:
              cd samples/hello-node
              git push {listen.Scheme}://launcher:<token>@{listen.Host}:{listen.Port}/hello.git main
              curl {AppDomains.UrlFor("hello", settings.Config.Domain, listen.Scheme, listen.Port)}/

            """);
    }
}
