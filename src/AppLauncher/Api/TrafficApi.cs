using AppLauncher.Core.Identity;
using AppLauncher.Identity;
using AppLauncher.Core.Domains;
using AppLauncher.Core.Traffic;
using AppLauncher.Proxy;
using AppLauncher.Release;
using AppLauncher.Store;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AppLauncher.Api;

/// <summary>An app's traffic: the stored targets, and per served revision its share, tags, URLs and ready instances.</summary>
public sealed record TrafficDto(string App, string? Latest, IReadOnlyList<TrafficTarget> Targets, IReadOnlyList<RevisionTrafficDto> Revisions);

/// <summary>One served revision: its share of the app's requests, its tags and their URLs, its ready instances.</summary>
public sealed record RevisionTrafficDto(string Revision, int Percent, bool Latest, IReadOnlyList<string> Tags, IReadOnlyList<string> Urls, int Ready, string? Branch);

/// <summary>The body of a traffic change: the new shares (revision or latest, percent), adding up to 100.</summary>
public sealed record TrafficRequest(IReadOnlyList<TrafficTarget>? Shares = null);

/// <summary>The body of a tag: the tag, and the revision (or <c>@latest</c>) it names.</summary>
public sealed record TagRequest(string? Tag = null, string? Revision = null);

/// <summary>What a change did, and the traffic after it.</summary>
public sealed record TrafficChangeDto(string Message, TrafficDto Traffic);

/// <summary><c>/api/apps/{name}/traffic</c>: read and split an app's traffic; <c>/traffic/tags</c>: tag revisions.</summary>
internal static class TrafficApi
{
    public static RouteGroupBuilder MapTrafficApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/apps/{name}/traffic");
        group.MapGet("", GetAsync).RequireAppRole(Role.Viewer);
        group.MapPut("", SetSharesAsync).RequireAppRole(Role.Developer);
        group.MapPost("/tags", TagAsync).RequireAppRole(Role.Developer);
        group.MapDelete("/tags/{tag}", UntagAsync).RequireAppRole(Role.Developer);
        return group;
    }

    private static async Task<Results<Ok<TrafficDto>, ProblemHttpResult>> GetAsync(string name, IStore store, TrafficService traffic, RouteTable routes, IOptions<ProxyOptions> proxy, CancellationToken cancellationToken) =>
        await DescribeAsync(name, store, traffic, routes, proxy.Value, cancellationToken) is { } dto ? TypedResults.Ok(dto) : ApiProblems.NoSuchApp(name);

    private static async Task<Results<Ok<TrafficChangeDto>, ProblemHttpResult>> SetSharesAsync(string name, TrafficRequest request, IStore store, TrafficService traffic, RouteTable routes, IOptions<ProxyOptions> proxy, CancellationToken cancellationToken) =>
        request.Shares?.Any(s => s is null) == true
            ? ApiProblems.NullInList("shares", """{"shares":[{"revision":"hello-00007","percent":90},{"latest":true,"percent":10}]}""")
            : await RespondAsync(name, await traffic.SetSharesAsync(name, request.Shares ?? [], cancellationToken), store, traffic, routes, proxy.Value, cancellationToken);

    private static async Task<Results<Ok<TrafficChangeDto>, ProblemHttpResult>> TagAsync(string name, TagRequest request, IStore store, TrafficService traffic, RouteTable routes, IOptions<ProxyOptions> proxy, CancellationToken cancellationToken)
    {
        var outcome = string.IsNullOrWhiteSpace(request.Tag) || string.IsNullOrWhiteSpace(request.Revision)
            ? new TrafficOutcome(false, StatusCodes.Status400BadRequest, $"give a tag and a revision, e.g. {{\"tag\":\"candidate\",\"revision\":\"{name}-00007\"}}")
            : await traffic.TagAsync(name, request.Tag, request.Revision, cancellationToken);
        return await RespondAsync(name, outcome, store, traffic, routes, proxy.Value, cancellationToken);
    }

    private static async Task<Results<Ok<TrafficChangeDto>, ProblemHttpResult>> UntagAsync(string name, string tag, IStore store, TrafficService traffic, RouteTable routes, IOptions<ProxyOptions> proxy, CancellationToken cancellationToken) =>
        await RespondAsync(name, await traffic.UntagAsync(name, tag, cancellationToken), store, traffic, routes, proxy.Value, cancellationToken);

    private static async Task<Results<Ok<TrafficChangeDto>, ProblemHttpResult>> RespondAsync(string name, TrafficOutcome outcome, IStore store, TrafficService traffic, RouteTable routes, ProxyOptions proxy, CancellationToken cancellationToken)
    {
        if (!outcome.Done)
        {
            return TypedResults.Problem(outcome.Message, statusCode: outcome.Status, title: "Traffic not changed");
        }

        var dto = await DescribeAsync(name, store, traffic, routes, proxy, cancellationToken);
        return dto is null ? ApiProblems.NoSuchApp(name) : TypedResults.Ok(new TrafficChangeDto(outcome.Message, dto));
    }

    private static async Task<TrafficDto?> DescribeAsync(string name, IStore store, TrafficService traffic, RouteTable routes, ProxyOptions proxy, CancellationToken cancellationToken)
    {
        if (await store.GetAppAsync(name, cancellationToken) is not { } app)
        {
            return null;
        }

        var plan = await traffic.GetPlanAsync(name, cancellationToken);
        var resolved = plan.Resolve(app.CurrentRevision);
        var revisions = new List<RevisionTrafficDto>();
        foreach (var revision in resolved.Revisions.OrderByDescending(r => resolved.PercentOf(r)).ThenBy(r => r, StringComparer.Ordinal))
        {
            var tags = resolved.Tags.Where(t => t.Value == revision).Select(t => t.Key).Order(StringComparer.Ordinal).ToList();
            var urls = tags.Select(t => AppDomains.UrlFor(TrafficTags.HostLabel(t, name), proxy.Domain, proxy.Scheme, proxy.Port)).ToList();
            var branch = plan.Previews.FirstOrDefault(p => p.Revision == revision)?.Branch;
            revisions.Add(new RevisionTrafficDto(revision, resolved.PercentOf(revision), revision == app.CurrentRevision, tags, urls, routes.Find(revision)?.Endpoints.Count ?? 0, branch));
        }

        return new TrafficDto(name, app.CurrentRevision, plan.Targets, revisions);
    }
}
