using System.Diagnostics.Metrics;
using AppLauncher.Store;
using Microsoft.Extensions.DependencyInjection;

namespace AppLauncher.Tests.Store;

/// <summary>The store's statement durations, by verb and table, from a real SQLite store read through a <see cref="MeterListener"/>.</summary>
public sealed class StoreLatencyTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public void Dispose()
    {
        _services.Dispose();
        _dir.Dispose();
    }

    [Theory]
    [InlineData("SELECT name, created_at FROM apps WHERE name = @name", "select apps")]
    [InlineData("INSERT INTO alert_history (rule, app) VALUES (@r, @a)", "insert alert_history")]
    [InlineData("UPDATE \"builds\" SET status = @s", "update builds")]
    [InlineData("delete from domains where app = @app", "delete domains")]
    [InlineData("SELECT count(*)", "select")]
    [InlineData("PRAGMA journal_mode=WAL", "pragma")]
    [InlineData("   ", "other")]
    public void Operation_Table(string sql, string operation) => Assert.Equal(operation, StoreLatency.Operation(sql));

    [Fact]
    public async Task Statements_OfARealStore_AreRecordedByOperation_InSeconds()
    {
        var store = new SqliteStore(Path.Combine(_dir.Path, "launcher.db")) { Latency = new StoreLatency(_services.GetRequiredService<IMeterFactory>()) };
        await store.MigrateAsync(default);
        var recorded = new List<(string Operation, double Seconds)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == StoreLatency.Duration && instrument.Meter.Scope == _services.GetRequiredService<IMeterFactory>())
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            lock (recorded)
            {
                recorded.Add(((string)tags.ToArray().Single(t => t.Key == "operation").Value!, value));
            }
        });
        listener.Start();

        await store.EnsureAppAsync("latency", DateTimeOffset.UtcNow, default);
        Assert.Single(await store.ListAppsAsync(default));

        lock (recorded)
        {
            Assert.Contains(recorded, r => r.Operation == "select apps");
            Assert.Contains(recorded, r => r.Operation == "insert apps");
            Assert.All(recorded, r => Assert.InRange(r.Seconds, 0, 60));
        }
    }
}
