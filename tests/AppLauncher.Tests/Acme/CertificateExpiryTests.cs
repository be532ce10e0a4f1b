using System.Diagnostics.Metrics;
using System.Text.Json;
using AppLauncher.Acme;
using AppLauncher.Core.Config;
using AppLauncher.Observability;
using AppLauncher.Observability.Alerts;
using AppLauncher.Store;
using AppLauncher.Tests.Observability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AppLauncher.Tests.Acme;

/// <summary>
/// The expiry gauge and the <c>certificate-expiring</c> event, with the real alert engine behind them: a rule
/// <c>event certificate-expiring</c> posts to a real receiver on loopback, through a SQLite store for its history.
/// The certificates' clock is a fake one moved forward; the alert engine runs on the real clock.
/// </summary>
public sealed class CertificateExpiryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Issued = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset NotAfter = Issued.AddDays(90);
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(Issued.AddDays(1));
    private readonly WebhookReceiver _receiver = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private GaugeRegistry _gauges = null!;
    private AlertNotifier _notifier = null!;
    private AlertEvaluator _evaluator = null!;
    private CertificateExpiry _expiry = null!;

    public async Task InitializeAsync()
    {
        var store = new SqliteStore(Path.Combine(_dir.Path, "launcher.db"));
        await store.MigrateAsync(default);
        var config = new PlatformConfig
        {
            Alerts = new AlertsConfig
            {
                Rules = [new AlertRuleConfig { Name = "certs", Rule = "event certificate-expiring", Webhook = _receiver.Url }],
            },
        };
        var meters = _services.GetRequiredService<IMeterFactory>();
        _gauges = new GaugeRegistry(meters);
        var events = new PlatformEvents(NullLogger<PlatformEvents>.Instance);
        _notifier = new AlertNotifier(store, config, TimeProvider.System, NullLogger<AlertNotifier>.Instance);
        _evaluator = new AlertEvaluator(config, new ProxyMetrics(meters, new MetricsSettings(true)), _gauges, events, _notifier, TimeProvider.System,
            NullLogger<AlertEvaluator>.Instance);
        await _notifier.StartAsync(default);
        await _evaluator.StartAsync(default);
        _expiry = new CertificateExpiry(_gauges, events, _time);
    }

    public async Task DisposeAsync()
    {
        await _evaluator.StopAsync(default);
        await _notifier.StopAsync(default);
        _evaluator.Dispose();
        _notifier.Dispose();
        await _services.DisposeAsync();
        _receiver.Dispose();
        _dir.Dispose();
    }

    private static CertificateRecord Served(string name, string? app, DateTimeOffset notAfter, string? lastError = null, params string[] domains) =>
        new(name, app, domains, "test CA", Issued, notAfter, "chain", "key", Issued.AddDays(60), lastError, null, 0, Issued);

    [Fact]
    public void Gauge_SecondsUntilNotAfter_PerDomain_WithAppLabel_OnlyForServedCertificates()
    {
        var pending = Served("pending", "waits", NotAfter, null, "waits.apps.test") with { ChainPem = null, NotAfter = null };
        _expiry.Update([Served("shop", "shop", NotAfter, null, "shop.apps.test", "www.shop.test"), pending]);

        var values = _gauges.Read(CertificateExpiry.Gauge);
        Assert.Equal(2, values.Count);
        Assert.All(values, v => Assert.Equal((NotAfter - _time.GetUtcNow()).TotalSeconds, v.Value));
        Assert.All(values, v => Assert.Equal("shop", Tag(v, "app")));
        Assert.Equal(["shop.apps.test", "www.shop.test"], values.Select(v => Tag(v, "domain")).Order());

        // The gauge reads the clock when scraped, not when the pass ran.
        _time.Advance(TimeSpan.FromHours(1));
        Assert.Equal((NotAfter - _time.GetUtcNow()).TotalSeconds, _gauges.Read(CertificateExpiry.Gauge)[0].Value);
    }

    [Fact]
    public async Task ExpiringEvent_RenewalsFailingUntilSevenDaysLeft_FiresTheRuleOnce_AndAgainForTheNextCertificate()
    {
        var failing = Served("api", "api", NotAfter, "urn:ietf:params:acme:error:rateLimited: too many certificates", "api.apps.test");
        _expiry.Update([failing]);
        _time.SetUtcNow(NotAfter.AddDays(-8)); // past the renewal, not yet expiring
        _expiry.Update([failing]);
        Assert.Empty(_receiver.Received);

        _time.SetUtcNow(NotAfter.AddDays(-6));
        _expiry.Update([failing]);
        var notice = await _receiver.WaitForAsync(n => n.GetProperty("rule").GetString() == "certs", TimeSpan.FromSeconds(30));
        Assert.Equal("api", notice.GetProperty("app").GetString());
        Assert.Equal("firing", notice.GetProperty("status").GetString());
        Assert.Equal("event certificate-expiring", notice.GetProperty("condition").GetString());
        var message = notice.GetProperty("message").GetString()!;
        Assert.Contains("certificate api for api.apps.test expires", message);
        Assert.Contains("rateLimited", message);
        Assert.Contains("launcher certs api", message);

        // Later passes over the same certificate stay quiet; a renewed one that then expires too is reported again.
        _time.Advance(TimeSpan.FromDays(1));
        _expiry.Update([failing]);
        var renewed = failing with { NotAfter = NotAfter.AddDays(90) };
        _expiry.Update([renewed]);
        _time.SetUtcNow(renewed.NotAfter!.Value.AddDays(-1));
        _expiry.Update([renewed]);
        await _receiver.WaitForAsync(n => n.GetProperty("message").GetString()!.Contains($"expires {renewed.NotAfter:u}", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Equal(2, _receiver.Received.Count(n => n.GetProperty("rule").GetString() == "certs"));
    }

    [Fact]
    public async Task ExpiringEvent_PlatformWildcardAlreadyExpired_SaysExpired_WithoutApp()
    {
        _time.SetUtcNow(NotAfter.AddHours(1));
        _expiry.Update([Served("wildcard", null, NotAfter, null, "*.apps.test")]);

        var notice = await _receiver.WaitForAsync(n => n.GetProperty("rule").GetString() == "certs", TimeSpan.FromSeconds(30));
        Assert.Equal(JsonValueKind.Null, notice.GetProperty("app").ValueKind);
        Assert.Contains($"expired {NotAfter:u}", notice.GetProperty("message").GetString());
        Assert.True(_gauges.Read(CertificateExpiry.Gauge)[0].Value < 0);
    }

    private static string? Tag(Measurement<double> m, string key) =>
        m.Tags.ToArray().Single(t => t.Key == key).Value as string;
}
