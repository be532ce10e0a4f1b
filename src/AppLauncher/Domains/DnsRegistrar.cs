using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using AppLauncher.Apps;
using AppLauncher.Core.Config;
using AppLauncher.Core.Domains;
using AppLauncher.Store;

namespace AppLauncher.Domains;

/// <summary>
/// Registers every app's A/AAAA records (<c>{app}.{zone}</c>, or <c>{app}.{team}.{zone}</c> for a team that opted in to
/// team domains → the proxy's addresses) in the external DNS server of <c>dns.register</c> when the app is created,
/// moves them when its team opts in or out, and removes them when it is deleted. Updates run in the background;
/// a failed one is retried with exponential backoff (1 s, 2 s, 4 s … at most 5 min) and its error is kept for the API.
/// At start every existing app is registered again (the updates are idempotent), and its name in the other form is
/// removed, so a move that a restart interrupted leaves no stale record either.
/// </summary>
internal sealed partial class DnsRegistrar(
    DnsUpdateClient client,
    IStore store,
    DomainNamer namer,
    TeamDomainSet teamDomains,
    PlatformConfig config,
    Observability.GaugeRegistry gauges,
    Observability.PlatformEvents events,
    TimeProvider time,
    ILogger<DnsRegistrar> logger) : BackgroundService, IAppLifecycleHook
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);
    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>();
    private readonly ConcurrentDictionary<string, bool> _wanted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DnsRegistrationStatus> _status = new(StringComparer.Ordinal);

    // The name each app's records are at (or are going to), and names it had before its team opted in or out, whose
    // records are removed before the new name is registered.
    private readonly ConcurrentDictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _stale = new(StringComparer.Ordinal);

    // Bumped on every create or delete: a retry scheduled before it is dropped, the new request goes first.
    private readonly ConcurrentDictionary<string, int> _generation = new(StringComparer.Ordinal);

    private string Server => $"{config.Dns.Register!.Server}:{config.Dns.Register.Port}";

    /// <summary>
    /// The name an app is registered under: the domain template (the team template for an app of an opted-in team)
    /// with the registration zone as {domain}.
    /// </summary>
    public string NameOf(string app) => NameOf(app, teamDomains.NamingTeam(teamDomains.TeamOf(app)));

    private string NameOf(string app, string? namingTeam) =>
        namingTeam is null ? namer.Template.Render(app, client.Zone) : namer.TeamTemplate.Render(app, client.Zone, namingTeam);

    /// <summary>The app's name in the form it does not use now (team or plain), when there is one: at start, its records go.</summary>
    private string? OtherNameOf(string app)
    {
        var team = teamDomains.TeamOf(app);
        if (teamDomains.NamingTeam(team) is not null)
        {
            return NameOf(app, null);
        }

        return team is not null && namer.TeamTemplate.UsesTeam && namer.HostFor(app, team).Error is null ? NameOf(app, team) : null;
    }

    public DnsRegistrationStatus? StatusOf(string app) => _status.GetValueOrDefault(app);

    public Task OnCreatedAsync(string app, CancellationToken cancellationToken)
    {
        Want(app, register: true);
        return Task.CompletedTask;
    }

    public Task OnDeletedAsync(string app, CancellationToken cancellationToken)
    {
        Want(app, register: false);
        return Task.CompletedTask;
    }

    /// <summary>The new name is registered once the old one's records are gone.</summary>
    public Task OnHostChangedAsync(string app, string oldHost, string newHost, CancellationToken cancellationToken)
    {
        Want(app, register: true);
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // 1 for the state each app's registration is in (pending, registered, failed, removing, removed).
        gauges.Register(Observability.MeterNames.Domains, "launcher.dns.registration", null, "Where each app's record in the external DNS server stands: 1 for its state",
            () => _status.Select(p => new System.Diagnostics.Metrics.Measurement<double>(1,
                new KeyValuePair<string, object?>(Observability.MetricTags.App, p.Key), new KeyValuePair<string, object?>("state", p.Value.State))));

        foreach (var app in await store.ListAppsAsync(stoppingToken))
        {
            if (!_wanted.ContainsKey(app.Name))
            {
                if (OtherNameOf(app.Name) is { } other)
                {
                    Stale(app.Name).TryAdd(other, 0);
                }

                Want(app.Name, register: true);
            }
        }

        await foreach (var app in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            await ApplyAsync(app, stoppingToken);
        }
    }

    private ConcurrentDictionary<string, byte> Stale(string app) => _stale.GetOrAdd(app, _ => new(StringComparer.Ordinal));

    private void Want(string app, bool register)
    {
        // A deleted app has left its team: its records are where they were registered, not where its name points now.
        var name = register || !_names.TryGetValue(app, out var registered) ? NameOf(app) : registered;
        if (_names.TryGetValue(app, out var old) && old != name)
        {
            Stale(app).TryAdd(old, 0);
        }

        Stale(app).TryRemove(name, out _); // back to a name it had: that one is kept
        _names[app] = name;
        _wanted[app] = register;
        _generation.AddOrUpdate(app, 1, (_, g) => g + 1);
        _status[app] = new DnsRegistrationStatus(name, Server, Action(register), register ? DnsRegistrationStatus.Pending : DnsRegistrationStatus.Removing, 0, null, null, null);
        _queue.Writer.TryWrite(app);
    }

    private async Task ApplyAsync(string app, CancellationToken cancellationToken)
    {
        var register = _wanted.GetValueOrDefault(app);
        var name = _names.GetValueOrDefault(app) ?? NameOf(app);
        var previous = _status.GetValueOrDefault(app);
        var attempts = (previous?.State == DnsRegistrationStatus.Failed ? previous.Attempts : 0) + 1;
        var now = time.GetUtcNow();
        var generation = _generation.GetValueOrDefault(app);
        try
        {
            // The old names' records go first: a failure there retries the whole move, and never leaves two names.
            foreach (var stale in Stale(app).Keys)
            {
                await client.DeleteAddressesAsync(stale, cancellationToken);
                Stale(app).TryRemove(stale, out _);
            }

            if (register)
            {
                await client.ReplaceAddressesAsync(name, Addresses(), cancellationToken);
            }
            else
            {
                await client.DeleteAddressesAsync(name, cancellationToken);
            }
        }
        catch (DnsUpdateException e)
        {
            var delay = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, attempts - 1), MaxBackoff.TotalSeconds));
            // The retry's timer exists before the status says when it fires, so whoever reads the status and moves
            // the clock (a test's, or a real one at the boundary) never misses it.
            _ = RetryAfterAsync(app, generation, delay, cancellationToken);
            Record(app, register, new DnsRegistrationStatus(name, Server, Action(register), DnsRegistrationStatus.Failed, attempts, e.Message, now, now + delay));
            Log.UpdateFailed(logger, Action(register), name, attempts, delay.TotalSeconds, e.Message);
            if (attempts == 1)
            {
                events.Publish(new Observability.PlatformEvent(Core.Alerts.PlatformEventKind.DnsRegistrationFailed, app, null,
                    $"could not {Action(register)} {name} at {Server}: {e.Message} (retrying)", now));
            }

            return;
        }

        Record(app, register, new DnsRegistrationStatus(name, Server, Action(register), register ? DnsRegistrationStatus.Registered : DnsRegistrationStatus.Removed, attempts, null, now, null));
        if (register)
        {
            Log.Registered(logger, name, Server);
        }
        else
        {
            Log.Removed(logger, name, Server);
        }
    }

    /// <summary>Keeps the outcome only if nobody asked for the opposite meanwhile.</summary>
    private void Record(string app, bool register, DnsRegistrationStatus status)
    {
        if (_wanted.GetValueOrDefault(app) == register)
        {
            _status[app] = status;
        }
    }

    private static string Action(bool register) => register ? "register" : "remove";

    private async Task RetryAfterAsync(string app, int generation, TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken);
            if (_generation.GetValueOrDefault(app) == generation)
            {
                _queue.Writer.TryWrite(app);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private List<IPAddress> Addresses()
    {
        var addresses = new List<IPAddress>();
        if (config.Dns.Ipv4.Length > 0)
        {
            addresses.Add(IPAddress.Parse(config.Dns.Ipv4));
        }

        if (config.Dns.Ipv6.Length > 0)
        {
            addresses.Add(IPAddress.Parse(config.Dns.Ipv6));
        }

        return addresses;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Registered {Name} in {Server}")]
        public static partial void Registered(ILogger logger, string name, string server);

        [LoggerMessage(2, LogLevel.Information, "Removed {Name} from {Server}")]
        public static partial void Removed(ILogger logger, string name, string server);

        [LoggerMessage(3, LogLevel.Warning, "Could not {Action} {Name} (attempt {Attempt}, next in {Delay} s): {Reason}")]
        public static partial void UpdateFailed(ILogger logger, string action, string name, int attempt, double delay, string reason);
    }
}
