using System.Text.RegularExpressions;
using AppLauncher.Apps;
using AppLauncher.Core.Domains;
using AppLauncher.Core.Identity;
using AppLauncher.Core.Names;
using AppLauncher.Identity;
using AppLauncher.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AppLauncher.Api;

/// <summary>Who a token speaks for.</summary>
public sealed record WhoAmIDto(string User, bool Owner, string Token, Dictionary<string, string> Teams, string? TokenTeam, string? TokenRole, string? DeployApp);

/// <summary>A token as listed: never its value.</summary>
public sealed record TokenDto(long Id, string Name, string User, string? Team, string? Role, string? App, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

/// <summary>The body of <c>POST /api/teams</c>: <c>domains</c> is <c>team</c> (apps named by domains.teamTemplate) or <c>app</c> (the default).</summary>
public sealed record CreateTeamRequest(string? Name, string? Domains = null);

/// <summary>The body of <c>PUT /api/teams/{team}/domains</c>: <c>team</c> or <c>app</c>.</summary>
public sealed record TeamDomainsRequest(string? Domains);

/// <summary>The body of <c>PUT /api/teams/{team}/members/{user}</c>.</summary>
public sealed record MembershipRequest(string? Role);

/// <summary>The body of <c>POST /api/login/ldap</c>.</summary>
public sealed record LdapLoginRequest(string? User, string? Password);

/// <summary>A directory login's token (shown once) and the teams the directory gave.</summary>
public sealed record LdapLoginDto(string Token, long Id, string Name, string User, DateTimeOffset? ExpiresAt, Dictionary<string, string> Teams);

/// <summary>A team with its members, and how its apps are named: <c>team</c> ({app}.{team}.{domain}) or <c>app</c>.</summary>
public sealed record TeamDto(string Name, Dictionary<string, string> Members, string Domains = TeamDomainsNames.App);

/// <summary>The values of a team's <c>domains</c> setting.</summary>
public static class TeamDomainsNames
{
    public const string App = "app";
    public const string Team = "team";

    /// <summary>True for <c>team</c>, false for <c>app</c> (or none given), null for anything else.</summary>
    public static bool? Parse(string? value) => value switch
    {
        null or App => false,
        Team => true,
        _ => null,
    };

    public static string Name(bool teamDomains) => teamDomains ? Team : App;
}

/// <summary>
/// <c>/api/whoami</c>, <c>/api/tokens</c> (personal and deploy tokens), <c>/api/teams</c> (teams and their members)
/// and <c>/api/audit</c> (who changed what).
/// </summary>
internal static partial class IdentityApi
{
    public static IEndpointRouteBuilder MapIdentityApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/whoami", WhoAmI).RequireToken(deployTokens: true);

        var tokens = endpoints.MapGroup("/api/tokens");
        tokens.MapGet("", ListTokensAsync).RequireToken();
        tokens.MapPost("", CreateTokenAsync).RequireToken();
        tokens.MapDelete("/{id}", RevokeTokenAsync).RequireToken();

        var teams = endpoints.MapGroup("/api/teams");
        teams.MapGet("", ListTeamsAsync).RequireToken();
        teams.MapPost("", CreateTeamAsync).RequireOwner();
        teams.MapPut("/{team}/domains", SetTeamDomainsAsync).RequireOwner();
        teams.MapPut("/{team}/members/{user}", SetMemberAsync).RequireTeamRole(Role.Admin);
        teams.MapDelete("/{team}/members/{user}", RemoveMemberAsync).RequireTeamRole(Role.Admin);

        endpoints.MapGet("/api/audit", AuditAsync).RequireToken();

        // The way to get a token: the directory checks the password; failed attempts are limited.
        endpoints.MapPost("/api/login/ldap", LdapLoginAsync).AllowWithoutToken();
        return endpoints;
    }

    private static WhoAmIDto WhoAmI(HttpContext http)
    {
        var c = http.Caller();
        return new WhoAmIDto(c.User, c.Owner, c.TokenName, c.Teams.ToDictionary(t => t.Key, t => t.Value.Name()), c.TokenTeam, c.TokenRole?.Name(), c.DeployApp);
    }

    private static async Task<Ok<TokenDto[]>> ListTokensAsync(HttpContext http, IIdentityStore identity, CancellationToken cancellationToken, bool all = false)
    {
        var caller = http.Caller();
        var rows = await identity.ListTokensAsync(all && caller.ActsAsOwner ? null : caller.User, cancellationToken);
        return TypedResults.Ok(rows.Select(Dto).ToArray());
    }

    private static async Task<Results<Created<IssuedToken>, ProblemHttpResult>> CreateTokenAsync(TokenRequest request, HttpContext http, TokenIssuer issuer, CancellationToken cancellationToken)
    {
        var (token, status, error) = await issuer.IssueAsync(http.Caller(), request, cancellationToken);
        return token is null
            ? status == 403 ? ApiProblems.Forbidden(error!, request.Role, request.Team) : TypedResults.Problem(error, statusCode: status, title: "Token not created")
            : TypedResults.Created($"/api/tokens/{token.Id}", token);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeTokenAsync(string id, HttpContext http, IIdentityStore identity, TimeProvider time, CancellationToken cancellationToken)
    {
        var caller = http.Caller();
        var mine = await identity.ListTokensAsync(caller.ActsAsOwner ? null : caller.User, cancellationToken);
        var matches = long.TryParse(id, out var number)
            ? mine.Where(t => t.Id == number).ToList()
            : mine.Where(t => t.Name == id && t.User == caller.User && t.RevokedAt is null).ToList();
        if (matches.Count != 1)
        {
            return TypedResults.Problem(
                matches.Count == 0 ? $"No token '{id}' of yours: 'launcher tokens list' shows them." : $"{matches.Count} tokens are named '{id}': revoke one by its id ('launcher tokens list').",
                statusCode: matches.Count == 0 ? 404 : 409, title: "Token not revoked");
        }

        await identity.RevokeTokenAsync(matches[0].Id, time.GetUtcNow(), cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<TeamDto[]>> ListTeamsAsync(HttpContext http, IIdentityStore identity, CancellationToken cancellationToken)
    {
        var caller = http.Caller();
        var members = await identity.ListMembershipsAsync(null, null, cancellationToken);
        var teams = (await identity.ListTeamsAsync(cancellationToken)).Where(t => caller.ActsAsOwner || caller.RoleIn(t.Name) is not null);
        return TypedResults.Ok(teams.Select(t => new TeamDto(t.Name, members.Where(m => m.Team == t.Name).ToDictionary(m => m.User, m => m.Role), TeamDomainsNames.Name(t.TeamDomains))).ToArray());
    }

    private static async Task<Results<Created<TeamDto>, ProblemHttpResult>> CreateTeamAsync(CreateTeamRequest request, IIdentityStore identity, TeamDomainSet teamDomains, DomainNamer namer, TimeProvider time, CancellationToken cancellationToken)
    {
        var name = request.Name ?? "";
        if (AppName.Validate(name) is { } error)
        {
            return TypedResults.Problem($"Team name '{name}': {error}", statusCode: 400, title: "Team name refused");
        }

        if (TeamDomainsNames.Parse(request.Domains) is not { } byTeam)
        {
            return DomainsRefused(request.Domains);
        }

        if (byTeam && !namer.TeamTemplate.UsesTeam)
        {
            return NoTeamInTemplate(namer);
        }

        if (!await identity.CreateTeamAsync(name, time.GetUtcNow(), cancellationToken))
        {
            return TypedResults.Problem($"A team named '{name}' exists already.", statusCode: 409, title: "Team exists");
        }

        if (byTeam)
        {
            await identity.SetTeamDomainsAsync(name, true, cancellationToken);
            teamDomains.Set(name, true);
        }

        return TypedResults.Created($"/api/teams/{name}", new TeamDto(name, [], TeamDomainsNames.Name(byTeam)));
    }

    private static async Task<Results<Ok<TeamDto>, ProblemHttpResult>> SetTeamDomainsAsync(string team, TeamDomainsRequest request, IIdentityStore identity, AppLifecycle lifecycle, DomainNamer namer, CancellationToken cancellationToken)
    {
        if (request.Domains is null || TeamDomainsNames.Parse(request.Domains) is not { } byTeam)
        {
            return DomainsRefused(request.Domains);
        }

        if (byTeam && !namer.TeamTemplate.UsesTeam)
        {
            return NoTeamInTemplate(namer);
        }

        // The store, the naming and every app's DNS records and certificates move together (AppLifecycle's hooks).
        var change = await lifecycle.SetTeamDomainsAsync(team, byTeam, cancellationToken);
        if (change.Refusal is { } refusal)
        {
            return TypedResults.Problem(refusal, statusCode: 409, title: "Team domains refused");
        }

        if (!change.TeamFound)
        {
            return TypedResults.Problem($"No team named '{team}': an owner creates it with 'launcher teams create {team}'.", statusCode: 404, title: "No such team");
        }

        var members = await identity.ListMembershipsAsync(null, team, cancellationToken);
        return TypedResults.Ok(new TeamDto(team, members.ToDictionary(m => m.User, m => m.Role), TeamDomainsNames.Name(byTeam)));
    }

    private static ProblemHttpResult DomainsRefused(string? value) => TypedResults.Problem(
        $"Team domains '{value}': use '{TeamDomainsNames.Team}' (apps named {{app}}.{{team}}.{{domain}}, domains.teamTemplate) or '{TeamDomainsNames.App}' ({{app}}.{{domain}}).",
        statusCode: 400, title: "Team domains refused");

    private static ProblemHttpResult NoTeamInTemplate(DomainNamer namer) => TypedResults.Problem(
        $"domains.teamTemplate '{namer.TeamTemplate}' has no {{team}}: set it to e.g. '{DomainTemplate.DefaultTeam}' in launcher.yaml to name apps by team.",
        statusCode: 409, title: "Team domains unavailable");

    private static async Task<Results<Ok<TeamDto>, ProblemHttpResult>> SetMemberAsync(string team, string user, MembershipRequest request, IIdentityStore identity, TimeProvider time, CancellationToken cancellationToken)
    {
        if (Roles.Parse(request.Role) is not { } role)
        {
            return TypedResults.Problem($"Role '{request.Role}' does not exist: use {Roles.Known}.", statusCode: 400, title: "No such role");
        }

        if (!UserName().IsMatch(user))
        {
            return TypedResults.Problem($"User name '{user}': use 1 to 64 letters, digits, '.', '_', '@' or '-'.", statusCode: 400, title: "User name refused");
        }

        if ((await identity.ListTeamsAsync(cancellationToken)).FirstOrDefault(t => t.Name == team) is not { } found)
        {
            return TypedResults.Problem($"No team named '{team}': an owner creates it with 'launcher teams create {team}'.", statusCode: 404, title: "No such team");
        }

        await identity.SetMembershipAsync(team, user, role.Name(), time.GetUtcNow(), cancellationToken);
        var members = await identity.ListMembershipsAsync(null, team, cancellationToken);
        return TypedResults.Ok(new TeamDto(team, members.ToDictionary(m => m.User, m => m.Role), TeamDomainsNames.Name(found.TeamDomains)));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveMemberAsync(string team, string user, IIdentityStore identity, CancellationToken cancellationToken) =>
        await identity.RemoveMembershipAsync(team, user, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem($"{user} is not a member of {team}.", statusCode: 404, title: "No such member");

    /// <summary>Newest first; an owner sees everything, anyone else the changes to apps of their teams and their own.</summary>
    private static async Task<Results<Ok<AuditRecord[]>, ProblemHttpResult>> AuditAsync(HttpContext http, IIdentityStore identity, IStore store, TimeProvider time, CancellationToken cancellationToken, string? app = null, string? since = null, int? limit = null)
    {
        DateTimeOffset? from = null;
        if (since is not null)
        {
            var (span, error) = TokenLifetime.Parse(since);
            if (error is not null)
            {
                return TypedResults.Problem(error.Replace("expires", "since", StringComparison.Ordinal), statusCode: 400, title: "Bad since");
            }

            from = time.GetUtcNow() - span;
        }

        var caller = http.Caller();
        var teams = (await store.ListAppsAsync(cancellationToken)).ToDictionary(a => a.Name, a => a.Team, StringComparer.Ordinal);
        var rows = await identity.ListAuditAsync(app, from, Math.Clamp(limit ?? 1000, 1, 10_000), cancellationToken);
        return TypedResults.Ok(rows.Where(r => caller.ActsAsOwner || r.Actor == caller.Actor
            || (r.App is not null && teams.TryGetValue(r.App, out var team) && caller.RoleIn(team) is not null)).ToArray());
    }

    private static async Task<IResult> LdapLoginAsync(LdapLoginRequest request, HttpContext http, LdapLogin login, CancellationToken cancellationToken)
    {
        var result = await login.LoginAsync(request.User, request.Password, http.Connection.RemoteIpAddress, cancellationToken);
        if (result.Token is { } t)
        {
            return TypedResults.Created("/api/whoami", new LdapLoginDto(t.Token, t.Id, t.Name, t.User, t.ExpiresAt, result.Teams!));
        }

        if (result.RetryAfter is { } wait)
        {
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (result.Status == 401)
        {
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"AppLauncher directory\"";
        }

        return TypedResults.Problem(result.Error, statusCode: result.Status, title: result.Status switch
        {
            401 => "Login failed",
            429 => "Too many failed logins",
            503 => "Directory unavailable",
            _ => "Login refused",
        });
    }

    private static TokenDto Dto(TokenRecord t) => new(t.Id, t.Name, t.User, t.Team, t.Role, t.App, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt);

    [GeneratedRegex("^[A-Za-z0-9._@-]{1,64}$")]
    private static partial Regex UserName();
}
