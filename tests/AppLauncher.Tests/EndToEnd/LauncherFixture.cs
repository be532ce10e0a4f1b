using System.Net;
using System.Net.Sockets;
using AppLauncher.Core.Config;
using AppLauncher.Hosting;
using AppLauncher.Settings;
using AppLauncher.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AppLauncher.Tests.EndToEnd;

/// <summary>
/// A real AppLauncher server on a free loopback port, with a fresh data directory, the repository's buildpacks,
/// the real Docker engine and the real git binary. Apps it deploys are named with a per-run prefix and removed at the end.
/// </summary>
public sealed class LauncherFixture : IAsyncLifetime
{
    public const string Token = "e2e-token-7f3a";
    private readonly TempDirectory _data = new();
    private readonly HashSet<string> _apps = [];
    private readonly CapturedLogs _logs = new();
    private WebApplication? _app;
    private string? _installation;

    public int Port { get; } = LoopbackPorts.Free();

    public string Prefix { get; } = "t" + Guid.NewGuid().ToString("N")[..5];

    public string ControlUrl => $"http://localhost:{Port}";

    /// <summary>The HTTPS listener's port (TLS is on, as by default; the redirect to it is off unless a test's Configure turns it on).</summary>
    public int TlsPort { get; } = LoopbackPorts.Free();

    /// <summary>The local CA's root certificate (PEM), made at the first start.</summary>
    public string RootCertificatePath => Path.Combine(_data.Path, "tls", "local-ca.crt");

    public string DataDirectory => _data.Path;

    /// <summary>The server's platform configuration; a test may change a setting the server reads per use (gc.keepRevisions) and restore it.</summary>
    public PlatformConfig Config { get; private set; } = new();

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Everything the server logged so far (every category, from Debug up), messages and exceptions.</summary>
    public string LogText => _logs.Text;

    /// <summary>A unique app name for this run; its containers and images are removed when the fixture ends.</summary>
    public string AppName(string name)
    {
        var app = $"{Prefix}-{name}";
        lock (_apps)
        {
            _apps.Add(app);
        }

        return app;
    }

    public string AppUrl(string app) => $"http://{app}.localhost:{Port}/";

    /// <summary>The app's git URL, carrying the token as git's password.</summary>
    public string PushUrl(string app) => $"http://x:{Token}@localhost:{Port}/{app}.git";

    /// <summary>Calls the REST API with the admin token; <paramref name="path"/> starts with <c>/api/</c>.</summary>
    public async Task<HttpResponseMessage> ApiAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, ControlUrl + path) { Content = body is null ? null : System.Net.Http.Json.JsonContent.Create(body) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        return await Http.SendAsync(request);
    }

    /// <summary>A change to the platform configuration before the server starts (a test that makes its own fixture sets it).</summary>
    public Action<PlatformConfig>? Configure { get; init; }

    public async Task InitializeAsync()
    {
        var config = new PlatformConfig
        {
            Server = new ServerConfig { Listen = ControlUrl },
            // Tests talk to apps over http://: the redirect is theirs to turn on.
            Tls = new TlsConfig { Listen = $"https://localhost:{TlsPort}", Redirect = false },
            DataDirectory = _data.Path,
            Deploy = new DeployConfig { ReadyTimeoutSeconds = 20, DrainTimeoutSeconds = 5, StopGraceSeconds = 2 },
        };
        Configure?.Invoke(config);
        Config = config;
        await StartServerAsync();
    }

    /// <summary>Stops the server and starts a new one on the same data directory, store and port, as a restart does.</summary>
    public async Task RestartAsync()
    {
        await _app!.StopAsync();
        await _app.DisposeAsync();
        await StartServerAsync();
    }

    private async Task StartServerAsync()
    {
        var config = Config;
        var settings = new LauncherSettings(config, "launcher.yaml", _data.Path, Path.Combine(RepositoryRoot.Path, "buildpacks"), new AdminToken(Token), TokenGenerated: false);
        _installation = settings.InstallationId;
        _app = await LauncherApp.CreateAsync(settings, configure: services => services.AddLogging(b => b
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddProvider(_logs)
            .AddFilter<CapturedLogs>(null, LogLevel.Debug)));
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        foreach (var app in _apps)
        {
            var ids = await ProcessRunner.RunAsync("docker", ["ps", "-aq", "--filter", $"label=launcher.app={app}"], "/");
            foreach (var id in ids.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                await ProcessRunner.RunAsync("docker", ["rm", "-f", id.Trim()], "/");
            }

            var images = await ProcessRunner.RunAsync("docker", ["images", "-q", $"launcher/{app}"], "/");
            foreach (var image in images.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Distinct())
            {
                await ProcessRunner.RunAsync("docker", ["rmi", "-f", image.Trim()], "/");
            }
        }

        // Dangling build stages carry this run's installation label, which no later server has: only this run can collect them.
        if (_installation is not null)
        {
            await ProcessRunner.RunAsync("docker", ["image", "prune", "--force", "--filter", $"label=launcher.installation={_installation}"], "/");
        }

        Http.Dispose();
        _data.Dispose();
    }

    /// <summary>The app's containers, as the engine lists them.</summary>
    public async Task<string[]> ContainersAsync(string app)
    {
        var result = await ProcessRunner.RunAsync("docker", ["ps", "-q", "--filter", $"label=launcher.app={app}"], "/");
        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

}

[CollectionDefinition(Name)]
public sealed class LauncherCollection : ICollectionFixture<LauncherFixture>
{
    public const string Name = "launcher server";
}
