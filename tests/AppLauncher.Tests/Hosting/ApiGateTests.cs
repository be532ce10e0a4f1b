using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using AppLauncher.Core.Config;
using AppLauncher.Core.Identity;
using AppLauncher.Hosting;
using AppLauncher.Security;
using AppLauncher.Settings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AppLauncher.Tests.Hosting;

/// <summary>Every <c>/api</c> endpoint the app maps, called without the token: 401 before its body is read; and the API's body limit.</summary>
public sealed partial class ApiGateTests : IAsyncLifetime
{
    private const string Token = "gate-token-51d0";
    private readonly TempDirectory _data = new();
    private readonly int _port = LoopbackPorts.Free();
    private WebApplication? _app;

    public async Task InitializeAsync()
    {
        var config = new PlatformConfig { Server = new ServerConfig { Listen = $"http://localhost:{_port}" }, Tls = new TlsConfig { Enabled = false }, DataDirectory = _data.Path };
        var settings = new LauncherSettings(config, "launcher.yaml", _data.Path, Path.Combine(RepositoryRoot.Path, "buildpacks"), new AdminToken(Token), TokenGenerated: false);
        _app = await LauncherApp.CreateAsync(settings);
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _data.Dispose();
    }

    /// <summary>Method and path of every mapped endpoint under /api, route parameters filled in.</summary>
    private List<(string Method, string Path)> ApiEndpoints() =>
        [.. _app!.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api", StringComparison.Ordinal) == true)
            .Where(e => e.Metadata.GetMetadata<AccessRule>()?.Target != AccessTarget.Anyone)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => (m, "/" + RouteParameter().Replace(e.RoutePattern.RawText!.TrimStart('/'), "x"))))];

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex RouteParameter();

    private Task<string> FirstStatusLineAsync(string method, string path, string? authorization) =>
        ExpectContinueProbe.FirstStatusLineAsync(_port, method, path, authorization, TimeSpan.FromSeconds(20));

    [Fact]
    public async Task EveryApiEndpoint_NoOrWrongToken_401BeforeTheBodyIsRead()
    {
        var endpoints = ApiEndpoints();
        var answers = new List<string>();
        foreach (var (method, path) in endpoints)
        {
            answers.Add($"{method} {path} (no token): {await FirstStatusLineAsync(method, path, null)}");
            answers.Add($"{method} {path} (wrong token): {await FirstStatusLineAsync(method, path, "Bearer not-" + Token)}");
        }

        Assert.True(endpoints.Count >= 20, $"only {endpoints.Count} /api endpoints found: {string.Join(", ", endpoints)}");
        Assert.All(answers, a => Assert.EndsWith(": HTTP/1.1 401 Unauthorized", a));

        // The ways in without a token: the directory login, which checks a password (LdapLoginTests), and the
        // provider webhooks, which check the delivery's signature before anything else (RemoteTests).
        var open = _app!.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<AccessRule>()?.Target == AccessTarget.Anyone).Select(e => e.RoutePattern.RawText).ToList();
        Assert.Equal(["/api/login/ldap", "/hooks/{provider}"], open.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ApiBody_Over1MiBWithTheToken_413_AndWithoutTheToken_401()
    {
        using var http = new HttpClient();
        async Task<HttpStatusCode> PatchAsync(string? token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Patch, $"http://localhost:{_port}/api/apps/x/config")
            {
                Content = new StringContent("{\"set\":[{\"key\":\"A\",\"value\":\"" + new string('a', 2 * 1024 * 1024) + "\"}]}", Encoding.UTF8, "application/json"),
            };
            if (token is not null)
            {
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            }

            try
            {
                using var response = await http.SendAsync(request);
                return response.StatusCode;
            }
            catch (HttpRequestException e) when (e.InnerException is IOException)
            {
                // The server may answer and close before the client has sent the whole body.
                return 0;
            }
        }

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, await PatchAsync(Token));
        Assert.Equal(HttpStatusCode.Unauthorized, await PatchAsync(null));
    }
}
