using AppLauncher.Settings;
using AppLauncher.Core.Domains;

namespace AppLauncher.Hosting;

/// <summary>
/// What the operator sees at start: where it listens, where the token is, and how to push. The token itself is printed
/// once, when it is generated: start-up logs are kept and shared, the token file is not.
/// </summary>
public static class StartupBanner
{
    public static void Print(LauncherSettings settings, TextWriter output)
    {
        var listen = settings.Listen;
        var control = $"{listen.Scheme}://{listen.Host}:{listen.Port}";
        var file = Path.Combine(settings.DataDirectory, LauncherSettingsLoader.TokenFile);
        var token = settings.TokenGenerated
            ? $"  admin token (new, shown this once): {settings.Token.Value}\n" +
              $"              (kept in {file}, readable by this user only; set LAUNCHER_ADMIN_TOKEN to choose it)"
            : $"  admin token: in {file} (readable by this user only; the CLI on this machine reads it there),\n" +
              "              or LAUNCHER_ADMIN_TOKEN when set; it is printed only at the first start";
        var build = settings.Config.Build;
        var builds = build.NetworkMode switch
        {
            "host" => "WARNING: on the host's network (build.networkMode: host): a build reaches the control plane, every app and loopback",
            "none" => "no network (build.networkMode: none)",
            _ => $"on the isolated network {build.Network}" + (build.BlockHostServices ? "" : " (this host's services NOT blocked: build.blockHostServices: false)"),
        };
        var tls = settings.TlsListen;
        var root = Path.Combine(settings.TlsDirectory, Certificates.LocalCertificateAuthority.RootFileName);
        var https = tls is null
            ? "  https:      off (tls.enabled: false)"
            : $"  https:      https://{tls.Host}:{tls.Port} (control plane) and *.{settings.Config.Domain}:{tls.Port} (apps)\n" +
              $"  local CA:   {root} (trust it: curl --cacert {root}, git -c http.sslCAInfo={root})";
        var tryHttps = tls is null ? "" : $"\n  curl --cacert {root} {AppDomains.UrlFor("hello", settings.Config.Domain, "https", tls.Port)}/";
        output.WriteLine($"""

            AppLauncher is listening on {control} (control plane) and *.{settings.Config.Domain}:{listen.Port} (apps)
            {https}
              data:       {settings.DataDirectory}
              runtime:    {settings.Config.Runtime.Kind}
              builds:     {builds}
            {token}

            Deploy an app:
              cd samples/hello-node
              git push {listen.Scheme}://launcher:<token>@{listen.Host}:{listen.Port}/hello.git main
              curl {AppDomains.UrlFor("hello", settings.Config.Domain, listen.Scheme, listen.Port)}/{tryHttps}

            """);
    }
}
