using System.Collections.Concurrent;

namespace AppLauncher.Core.Domains;

/// <summary>
/// The teams whose apps are named by <c>domains.teamTemplate</c> (<c>{app}.{team}.{domain}</c>): filled from the store
/// at start and changed when an owner opts a team in or out. Readers (the proxy's hot path) do not lock.
/// </summary>
public sealed class TeamDomainSet(DomainNamer namer)
{
    private readonly ConcurrentDictionary<string, byte> _teams = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _appTeams = new(StringComparer.Ordinal);

    public bool Contains(string team) => _teams.ContainsKey(team);

    public void Set(string team, bool teamDomains)
    {
        if (teamDomains)
        {
            _teams[team] = 0;
        }
        else
        {
            _teams.TryRemove(team, out _);
        }
    }

    /// <summary>
    /// The app's host: <c>domains.teamTemplate</c> for an app of an opted-in team, else <c>{app}.{domain}</c>.
    /// The one answer for the apps list, the push output, the proxy, the DNS answers and the local certificates.
    /// </summary>
    public string HostFor(string app, string? team) =>
        NamingTeam(team) is { } naming && namer.HostFor(app, naming).Host is { } host ? host : AppDomains.HostFor(app, namer.Domain);

    /// <summary>The host of a known app (<see cref="HostFor"/> with the team it belongs to).</summary>
    public string HostOf(string app) => HostFor(app, TeamOf(app));

    /// <summary>
    /// Null when <paramref name="app"/> may be created in <paramref name="team"/>: its plain name is valid
    /// (<see cref="DomainNamer.Refuse"/>) and, if the team has opted in, so is its team host (DNS label at most 63,
    /// name at most 253); otherwise what is wrong, naming the host and the limit.
    /// </summary>
    public string? Refuse(string app, string? team) =>
        namer.Refuse(app) ?? (NamingTeam(team) is { } naming ? namer.HostFor(app, naming).Error : null);

    /// <summary>The opted-in teams, in no order (the ACME wildcards <c>*.{team}.{domain}</c>).</summary>
    public IReadOnlyCollection<string> OptedIn => [.. _teams.Keys];

    /// <summary>The app's public URL (<see cref="HostFor"/>) given the proxy's scheme and port.</summary>
    public string UrlFor(string app, string? team, string scheme, int port) => AppDomains.UrlForHost(HostFor(app, team), scheme, port);

    /// <summary>
    /// The app and team a host of the team template's shape (<c>web.payments.localhost</c>) names, whether or not
    /// that team has opted in; null for any other host.
    /// </summary>
    public (string App, string Team)? ParseTeamHost(string host) => namer.TeamHostFrom(host);

    /// <summary>The app a team host names when its team has opted in and the app belongs to it; null otherwise.</summary>
    public string? AppForTeamHost(string host) =>
        ParseTeamHost(host) is var (app, team) && Contains(team) && TeamOf(app) == team ? app : null;

    /// <summary>The team an app belongs to (apps do not change team), as told at start and on creation.</summary>
    public string? TeamOf(string app) => _appTeams.TryGetValue(app, out var team) ? team : null;

    public void SetApp(string app, string team) => _appTeams[app] = team;

    public void RemoveApp(string app) => _appTeams.TryRemove(app, out _);

    /// <summary>The team to name <paramref name="team"/>'s apps by, or null for the plain template.</summary>
    public string? NamingTeam(string? team) => team is not null && Contains(team) ? team : null;
}
