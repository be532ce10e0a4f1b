using AppLauncher.Apps;
using AppLauncher.Core.Identity;
using AppLauncher.Core.Remotes;
using AppLauncher.Identity;
using AppLauncher.Remote;
using AppLauncher.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AppLauncher.Api;

/// <summary>A connected app's remote as the API shows it; the webhook secret only in the answer to a connect.</summary>
public sealed record RemoteDto(string App, string Repo, string Branch, string Tags, bool Previews, int? PollSeconds, string Status, string? Error,
    DateTimeOffset? CheckedAt, DateTimeOffset? NextPoll, string WebhookUrl, IReadOnlyDictionary<string, string> WebhookUrls, string? WebhookSecret,
    bool Syncing, IReadOnlyList<string> LastOutput);

/// <summary>
/// <c>/api/apps/{name}/remote</c>: connect an app to a repository elsewhere (<c>PUT</c>, creating the app if needed),
/// show how its last fetch went (<c>GET</c>), fetch now (<c>POST …/sync</c>), disconnect (<c>DELETE</c>).
/// </summary>
internal static class RemotesApi
{
    public static RouteGroupBuilder MapRemotesApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/apps/{name}/remote");
        group.MapPut("/", ConnectAsync).RequireAppRole(Role.Developer);
        group.MapGet("/", GetAsync).RequireAppRole(Role.Viewer);
        group.MapPost("/sync", SyncAsync).RequireAppRole(Role.Developer);
        group.MapDelete("/", DisconnectAsync).RequireAppRole(Role.Developer);
        return group;
    }

    private static async Task<Results<Ok<RemoteDto>, ProblemHttpResult>> ConnectAsync(string name, ConnectRequest? request, HttpContext http, IStore store, AppLifecycle lifecycle,
        IIdentityStore identity, RemoteConnections connections, RemoteLogs logs, RemoteSync sync, CancellationToken cancellationToken)
    {
        request ??= new ConnectRequest();
        if (connections.Validate(request) is { } error)
        {
            return TypedResults.Problem(error, statusCode: StatusCodes.Status400BadRequest, title: "Cannot connect");
        }

        if (await store.GetAppAsync(name, cancellationToken) is null)
        {
            var (team, refusal) = TeamChoice.ForNewApp(http.Caller(), request.Team, name);
            if (refusal is not null)
            {
                return refusal.Value.Status == StatusCodes.Status403Forbidden
                    ? ApiProblems.Forbidden(refusal.Value.Message, Role.Developer.Name(), request.Team)
                    : TypedResults.Problem(refusal.Value.Message, statusCode: refusal.Value.Status, title: "Which team?");
            }

            if (!(await identity.ListTeamsAsync(cancellationToken)).Any(t => t.Name == team))
            {
                return TypedResults.Problem($"No team named '{team}': create it with 'launcher teams create {team}' (an owner can), or choose another.", statusCode: StatusCodes.Status400BadRequest, title: "No such team");
            }

            try
            {
                await lifecycle.EnsureCreatedAsync(name, cancellationToken, team);
            }
            catch (AppNameRefusedException e)
            {
                return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "App name refused");
            }
        }

        var remote = await connections.ConnectAsync(name, request, cancellationToken);
        return TypedResults.Ok(Describe(remote, http.Request, null, remote.WebhookSecret, sync.IsBusy(name), logs.Last(name)));
    }

    private static async Task<Results<Ok<RemoteDto>, ProblemHttpResult>> GetAsync(string name, HttpContext http, IRemoteStore remotes, RemotePolls polls, RemoteLogs logs, RemoteSync sync, CancellationToken cancellationToken) =>
        await remotes.GetRemoteAsync(name, cancellationToken) is { } remote
            ? TypedResults.Ok(Describe(remote, http.Request, await polls.NextPollAsync(name, cancellationToken), null, sync.IsBusy(name), logs.Last(name)))
            : NotConnected(name);

    private static async Task<Results<Accepted<RemoteDto>, ProblemHttpResult>> SyncAsync(string name, HttpContext http, IRemoteStore remotes, RemotePolls polls, RemoteLogs logs, RemoteSync sync, CancellationToken cancellationToken)
    {
        if (await remotes.GetRemoteAsync(name, cancellationToken) is not { } remote)
        {
            return NotConnected(name);
        }

        sync.Request(name, "requested");
        return TypedResults.Accepted($"/api/apps/{name}/remote", Describe(remote, http.Request, await polls.NextPollAsync(name, cancellationToken), null, true, logs.Last(name)));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DisconnectAsync(string name, RemoteConnections connections, CancellationToken cancellationToken) =>
        await connections.DisconnectAsync(name, cancellationToken) ? TypedResults.NoContent() : NotConnected(name);

    private static ProblemHttpResult NotConnected(string name) =>
        TypedResults.Problem($"{name} is not connected to a remote repository: connect it with 'launcher apps connect {name} --repo <url>'.", statusCode: StatusCodes.Status404NotFound, title: "Not connected");

    private static RemoteDto Describe(RemoteRecord remote, HttpRequest request, DateTimeOffset? nextPoll, string? secret, bool syncing, IReadOnlyList<string> output)
    {
        var urls = HooksApi.Providers.ToDictionary(p => p.Key, p => $"{request.Scheme}://{request.Host}{HooksApi.PathOf(p.Value)}" + (p.Value == WebhookProvider.Generic ? $"?app={remote.App}" : ""), StringComparer.Ordinal);
        return new RemoteDto(remote.App, remote.Url, remote.Branch, remote.Tags, remote.Previews, remote.PollSeconds, remote.Status, remote.Error, remote.CheckedAt, nextPoll,
            urls[HooksApi.ProviderFor(remote.Url)], urls, secret, syncing, output);
    }
}
