using System.Diagnostics;
using AppLauncher.Core.Config;
using AppLauncher.Tests.Store;

namespace AppLauncher.Tests.EndToEnd;

/// <summary>
/// A server restart on each store (a real SQLite file, a real PostgreSQL 15): the app's running container is adopted by
/// the new server — the same container, none doubled — and the app answers again through the proxy.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RestartTests(PostgresCluster cluster)
{
    [Theory]
    [InlineData(StoreConfig.Sqlite)]
    [InlineData(StoreConfig.Postgres)]
    public async Task Restart_RunningApp_IsAdoptedNotDoubledAndAnswersAgain(string provider)
    {
        var database = provider == StoreConfig.Postgres ? await cluster.CreateDatabaseAsync() : null;
        var launcher = new LauncherFixture
        {
            Configure = c =>
            {
                if (database is not null)
                {
                    c.Store.Provider = StoreConfig.Postgres;
                    c.Store.ConnectionString = cluster.ConnectionString(database);
                }
            },
        };
        await launcher.InitializeAsync();
        try
        {
            var app = launcher.AppName("restart");
            using var repo = await AppRepository.FromSampleAsync("hello-node");
            var push = await repo.PushAsync(launcher.PushUrl(app));
            Assert.True(push.ExitCode == 0, push.ToString());
            using var policy = await launcher.ApiAsync(HttpMethod.Put, $"/api/apps/{app}/autoscaling", new { min = 1, max = 3 });
            Assert.True(policy.IsSuccessStatusCode, await policy.Content.ReadAsStringAsync());
            var before = Assert.Single(await launcher.ContainersAsync(app));
            Assert.Equal(System.Net.HttpStatusCode.OK, (await launcher.Http.GetAsync(launcher.AppUrl(app))).StatusCode);

            var watch = Stopwatch.StartNew();
            await launcher.RestartAsync();
            var started = watch.Elapsed;
            HttpResponseMessage? answer = null;
            while (watch.Elapsed < TimeSpan.FromSeconds(60))
            {
                answer = await launcher.Http.GetAsync(launcher.AppUrl(app));
                if (answer.IsSuccessStatusCode)
                {
                    break;
                }

                await Task.Delay(50);
            }

            Console.WriteLine($"restart on {provider}: server up in {started.TotalMilliseconds:0} ms, app answering {watch.Elapsed.TotalMilliseconds:0} ms after the restart began");
            Assert.True(answer?.IsSuccessStatusCode, $"the app did not answer after the restart: {(int?)answer?.StatusCode}");
            // Let the new server's autoscaler look at the app once more: it must not start a second container.
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.Equal([before], await launcher.ContainersAsync(app));
        }
        finally
        {
            await launcher.DisposeAsync();
        }
    }
}
