using Microsoft.Extensions.Time.Testing;
using AppLauncher.Core.Config;
using AppLauncher.Core.Domains;
using AppLauncher.Domains;
using AppLauncher.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace AppLauncher.Tests.Domains;

/// <summary>
/// The registrar's retries follow the clock it is given: 1 s, 2 s, 4 s … after each failure. The DNS server is a
/// loopback port where nothing listens, so every update fails at once (port unreachable).
/// </summary>
public sealed class DnsRegistrarBackoffTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(Start);
    private DnsRegistrar _registrar = null!;

    public async Task InitializeAsync()
    {
        var store = new SqliteStore(Path.Combine(_dir.Path, "launcher.db"));
        await store.MigrateAsync(default);
        var register = new DnsRegisterConfig
        {
            Server = "127.0.0.1",
            Port = BindServer.FreeUdpAndTcpPort(),
            Zone = "apps.test",
            KeyName = "k",
            KeySecret = Convert.ToBase64String(new byte[32]),
            TimeoutSeconds = 5,
        };
        var config = new PlatformConfig { Dns = new DnsConfig { Register = register } };
        var namer = new DomainNamer("localhost");
        _registrar = new DnsRegistrar(new DnsUpdateClient(register, _time), store, namer, new TeamDomainSet(namer), config,
            new AppLauncher.Observability.GaugeRegistry(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()),
            new AppLauncher.Observability.PlatformEvents(NullLogger<AppLauncher.Observability.PlatformEvents>.Instance), _time, NullLogger<DnsRegistrar>.Instance);
        await _registrar.StartAsync(default);
    }

    public async Task DisposeAsync()
    {
        await _registrar.StopAsync(default);
        _registrar.Dispose();
        _dir.Dispose();
    }

    private async Task<DnsRegistrationStatus> AttemptAsync(int attempts)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (_registrar.StatusOf("hello") is not { State: DnsRegistrationStatus.Failed } status || status.Attempts < attempts)
        {
            Assert.True(DateTime.UtcNow < deadline, $"attempt {attempts} did not happen: {_registrar.StatusOf("hello")}");
            await Task.Yield();
            await Task.Delay(10);
        }

        return _registrar.StatusOf("hello")!;
    }

    [Fact]
    public async Task OnCreated_ServerUnreachable_RetriesAfter1Then2Then4Seconds()
    {
        await _registrar.OnCreatedAsync("hello", default);

        var first = await AttemptAsync(1);
        Assert.Equal(Start.AddSeconds(1), first.NextAttemptAt);
        Assert.Contains("did not take the update for zone apps.test", first.Error);
        Assert.Equal("hello.apps.test", first.Name);

        _time.Advance(TimeSpan.FromSeconds(1));
        var second = await AttemptAsync(2);
        Assert.Equal(Start.AddSeconds(1 + 2), second.NextAttemptAt);

        _time.Advance(TimeSpan.FromSeconds(2));
        var third = await AttemptAsync(3);
        Assert.Equal(Start.AddSeconds(1 + 2 + 4), third.NextAttemptAt);
    }

    [Fact]
    public async Task OnDeleted_WhileRetryingRegistration_TheDeletionWins()
    {
        await _registrar.OnCreatedAsync("hello", default);
        await AttemptAsync(1);

        await _registrar.OnDeletedAsync("hello", default);
        var removing = await AttemptAsync(1);
        Assert.Equal("remove", removing.Action);
        _time.Advance(TimeSpan.FromSeconds(1));

        // The removal was tried at once, and again 1 s later; the registration's retry was dropped.
        var status = await AttemptAsync(2);
        Assert.Equal("remove", status.Action);
        Assert.Equal(DnsRegistrationStatus.Failed, status.State);
        Assert.Equal(Start.AddSeconds(1 + 2), status.NextAttemptAt);
    }
}
