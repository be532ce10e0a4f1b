using AppLauncher.Security;
using AppLauncher.Store;
using Microsoft.Extensions.DependencyInjection;

namespace AppLauncher.Tests.Identity;

/// <summary>
/// Teams a and b, one user per role (viewer, developer and admin of a, developer of b) with a token each, a deploy
/// token of <see cref="App"/> (team a), an expired and a revoked token: written into a running server's real store.
/// </summary>
internal sealed class TestIdentities
{
    public const string Viewer = "viewer";
    public const string DeveloperA = "developer A";
    public const string DeveloperB = "developer B";
    public const string Admin = "admin";
    public const string Owner = "owner";
    public const string Deploy = "deploy token";
    public const string Expired = "expired";
    public const string Revoked = "revoked";
    public const string None = "none";

    /// <summary>Denied-first, so destructive calls (deleting the app) come after the tokens that must be refused.</summary>
    public static readonly string[] All = [None, Expired, Revoked, Deploy, Viewer, DeveloperB, DeveloperA, Admin, Owner];

    private readonly Dictionary<string, string?> _tokens = new(StringComparer.Ordinal);
    private readonly IIdentityStore _identity;
    private readonly IStore _store;
    private readonly TokenHasher _hasher;

    public TestIdentities(IServiceProvider services, string ownerToken, string app, string teamA = "a", string teamB = "b")
    {
        _identity = services.GetRequiredService<IIdentityStore>();
        _store = services.GetRequiredService<IStore>();
        _hasher = services.GetRequiredService<TokenHasher>();
        App = app;
        TeamA = teamA;
        TeamB = teamB;
        _tokens[Owner] = ownerToken;
        _tokens[None] = null;
    }

    public string App { get; }

    public string TeamA { get; }

    public string TeamB { get; }

    public string? this[string who] => _tokens[who];

    public async Task CreateAsync()
    {
        var now = DateTimeOffset.UtcNow;
        await _identity.CreateTeamAsync(TeamA, now, default);
        await _identity.CreateTeamAsync(TeamB, now, default);
        await _identity.SetMembershipAsync(TeamA, "vera", "viewer", now, default);
        await _identity.SetMembershipAsync(TeamA, "dana", "developer", now, default);
        await _identity.SetMembershipAsync(TeamB, "bob", "developer", now, default);
        await _identity.SetMembershipAsync(TeamA, "ada", "admin", now, default);
        _tokens[Viewer] = await AddAsync("vera", null, null);
        _tokens[DeveloperA] = await AddAsync("dana", null, null);
        _tokens[DeveloperB] = await AddAsync("bob", null, null);
        _tokens[Admin] = await AddAsync("ada", null, null);
        _tokens[Expired] = await AddAsync("dana", null, now.AddMinutes(-1));
        var revoked = await AddAsync("dana", null, null);
        _tokens[Revoked] = revoked;
        await _identity.RevokeTokenAsync((await _identity.FindTokenAsync(_hasher.Hash(revoked), default))!.Id, now, default);
        await RestoreAppAsync();
    }

    /// <summary>Makes the app (in team a) and its deploy token exist again, after a call that deleted them.</summary>
    public async Task RestoreAppAsync()
    {
        if (await _store.GetAppAsync(App, default) is null)
        {
            await _store.EnsureAppAsync(App, DateTimeOffset.UtcNow, default, TeamA);
        }

        if (!_tokens.ContainsKey(Deploy))
        {
            _tokens[Deploy] = TokenHasher.Generate();
        }

        if (await _identity.FindTokenAsync(_hasher.Hash(_tokens[Deploy]!), default) is null)
        {
            await _identity.AddTokenAsync(_hasher.Hash(_tokens[Deploy]!), "ci", "dana", null, null, App, DateTimeOffset.UtcNow, null, default);
        }
    }

    private async Task<string> AddAsync(string user, string? app, DateTimeOffset? expires)
    {
        var token = TokenHasher.Generate();
        await _identity.AddTokenAsync(_hasher.Hash(token), $"{user}-{_tokens.Count}", user, null, null, app, DateTimeOffset.UtcNow.AddHours(-1), expires, default);
        return token;
    }
}
