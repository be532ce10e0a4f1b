using System.Net;
using AppLauncher.Core.Config;
using AppLauncher.Store;
using AppLauncher.Tests.Domains;

namespace AppLauncher.Tests.Store;

/// <summary>
/// A real server on a real PostgreSQL 15 that is not there yet at start, or goes away while the server runs: the
/// server waits for it at start (store.startTimeoutSeconds), and while it is down the API answers 503 with the reason
/// (not 500), then recovers by itself when the database is back.
/// </summary>
public sealed class StoreOutageTests
{
    private static Action<PlatformConfig> OnPostgres(int port, int startTimeoutSeconds) => c =>
    {
        c.Store.Provider = StoreConfig.Postgres;
        c.Store.ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
        c.Store.StartTimeoutSeconds = startTimeoutSeconds;
    };

    [Fact]
    public async Task Start_DatabaseComesUpLater_ServerWaitsAndServes()
    {
        var port = LoopbackPorts.Free();
        await using var cluster = new PostgresClusterLifetime(PostgresCluster.OnPort(port));
        var starting = TestLauncher.StartAsync(OnPostgres(port, startTimeoutSeconds: 120));
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False(starting.IsCompleted, "the server started (or gave up) with no database to reach");

        await cluster.Cluster.InitializeAsync();
        await using var launcher = await starting;
        using var response = await launcher.Http.GetAsync("api/apps");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Start_NoDatabaseAndNoWait_FailsNamingTheServer()
    {
        var port = LoopbackPorts.Free();

        var e = await Assert.ThrowsAsync<StoreException>(() => TestLauncher.StartAsync(OnPostgres(port, startTimeoutSeconds: 0)));

        Assert.Contains($"127.0.0.1:{port}", e.Message);
        Assert.Contains("Gave up after 1 attempts", e.Message);
        Assert.DoesNotContain("Password", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Running_DatabaseGoesAway_ApiAnswers503ThenRecovers()
    {
        await using var cluster = new PostgresClusterLifetime(new PostgresCluster());
        await cluster.Cluster.InitializeAsync();
        await using var launcher = await TestLauncher.StartAsync(OnPostgres(cluster.Cluster.Port, startTimeoutSeconds: 10));
        await launcher.CreateAppAsync("before");

        await cluster.Cluster.StopAsync();
        using (var down = await launcher.Http.GetAsync("api/apps"))
        {
            var body = await down.Content.ReadAsStringAsync();
            Assert.True(down.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)down.StatusCode}: {body}");
            Assert.Equal("5", down.Headers.GetValues("Retry-After").Single());
            Assert.True(body.Contains($"127.0.0.1:{cluster.Cluster.Port}", StringComparison.Ordinal), body);
            Assert.Contains("Nothing was changed", body);
        }

        using (var write = await launcher.Http.PostAsync("api/apps", System.Net.Http.Json.JsonContent.Create(new { name = "during" })))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, write.StatusCode);
        }

        await cluster.Cluster.StartAsync();
        using var up = await launcher.Http.GetAsync("api/apps");
        var apps = await up.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        Assert.Contains("\"before\"", apps);
        Assert.DoesNotContain("\"during\"", apps);
    }

    /// <summary>Disposes a cluster the test made (and maybe never started).</summary>
    private sealed class PostgresClusterLifetime(PostgresCluster cluster) : IAsyncDisposable
    {
        public PostgresCluster Cluster { get; } = cluster;

        public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();
    }
}
