using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using AppLauncher.Core.Config;
using AppLauncher.Hosting;
using AppLauncher.Settings;
using AppLauncher.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AppLauncher.Tests.Domains;

/// <summary>A real AppLauncher server on free loopback ports with a fresh data directory, configured by the test.</summary>
internal sealed class TestLauncher : IAsyncDisposable
{
    public const string Token = "domains-token";
    private readonly TempDirectory? _owned;
    private readonly string _data;
    private WebApplication _app = null!;

    private TestLauncher(string? dataDirectory, int? port)
    {
        Port = port ?? BindServer.FreeUdpAndTcpPort();
        _owned = dataDirectory is null ? new TempDirectory() : null;
        _data = dataDirectory ?? _owned!.Path;
    }

    public int Port { get; }

    public PlatformConfig Config { get; private set; } = null!;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts a server; with <paramref name="dataDirectory"/> it reuses (and leaves) that state, like a restart; with
    /// <paramref name="logs"/> every line it logs also goes there; with <paramref name="port"/> it listens there (a port a peer was told first).
    /// </summary>
    public static async Task<TestLauncher> StartAsync(Action<PlatformConfig> configure, string? dataDirectory = null, ILoggerProvider? logs = null, int? port = null)
    {
        var launcher = new TestLauncher(dataDirectory, port);
        var config = new PlatformConfig { Server = new ServerConfig { Listen = $"http://localhost:{launcher.Port}" }, Tls = new TlsConfig { Enabled = false }, DataDirectory = launcher._data };
        configure(config);
        var check = new PlatformConfigValidator().Validate(config);
        Assert.True(check.IsValid, string.Join("\n", check.Errors));
        launcher.Config = config;
        var settings = new LauncherSettings(config, "launcher.yaml", launcher._data, launcher._data, new AdminToken(Token), false);
        launcher._app = await LauncherApp.CreateAsync(settings, configure: s => s.AddLogging(b =>
        {
            b.AddFilter("Microsoft", LogLevel.Warning);
            if (logs is not null)
            {
                b.AddProvider(logs);
            }
        }));
        await launcher._app.StartAsync();
        launcher.Http.BaseAddress = new Uri($"http://127.0.0.1:{launcher.Port}/");
        launcher.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return launcher;
    }

    public async Task CreateAppAsync(string name)
    {
        using var response = await Http.PostAsJsonAsync("api/apps", new { name });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Creates the app in <paramref name="team"/>.</summary>
    public async Task CreateAppAsync(string name, string team)
    {
        using var response = await Http.PostAsJsonAsync("api/apps", new { name, team });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Creates a team; <paramref name="domains"/> <c>team</c> names its apps by domains.teamTemplate.</summary>
    public async Task CreateTeamAsync(string name, string domains = "app")
    {
        using var response = await Http.PostAsJsonAsync("api/teams", new { name, domains });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    /// <summary><c>PUT /api/teams/{team}/domains</c>: the status and the body, for the test to judge.</summary>
    public async Task<(HttpStatusCode Status, string Body)> SetTeamDomainsAsync(string team, string domains)
    {
        using var response = await Http.PutAsJsonAsync($"api/teams/{team}/domains", new { domains });
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task DeleteAppAsync(string name)
    {
        using var response = await Http.DeleteAsync($"api/apps/{name}");
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Http.Dispose();
        _owned?.Dispose();
    }
}
