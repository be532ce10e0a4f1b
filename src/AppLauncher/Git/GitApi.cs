using AppLauncher.Core.Domains;
using AppLauncher.Core.Names;
using AppLauncher.Core.Identity;
using AppLauncher.Deploy;
using AppLauncher.Identity;
using AppLauncher.Security;

namespace AppLauncher.Git;

/// <summary>The git smart HTTP endpoints (<c>/{app}.git/…</c>) and the internal endpoint the pre-receive hook calls.</summary>
internal static class GitApi
{
    public const string HookPath = "/internal/git/pre-receive";

    public static IEndpointRouteBuilder MapGitApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/{app}.git/info/refs", InfoRefsAsync);
        endpoints.MapPost("/{app}.git/{service}", ServiceAsync);
        endpoints.MapPost(HookPath, PreReceiveAsync);
        return endpoints;
    }

    private static async Task InfoRefsAsync(HttpContext context, string app, string? service, Authenticator authenticator, AccessGate gate, GitService git, GitRepositories repositories, GitHttpOptions options, DomainNamer namer)
    {
        if (service is null || !GitService.Services.Contains(service))
        {
            await Results.Problem("Only git's smart HTTP protocol is served: use git 1.6.6 or later.", statusCode: 403).ExecuteAsync(context);
            return;
        }

        if (await AuthorizeAsync(context, app, service, authenticator, gate) is null)
        {
            return;
        }

        if (AppName.Validate(app) is { } error)
        {
            await GitService.WriteErrorAsync(context, service, $"cannot push to '{app}': {error}");
            return;
        }

        if (service == "git-upload-pack" && !repositories.Exists(app))
        {
            await GitService.WriteErrorAsync(context, service, $"no app named '{app}': push to create it");
            return;
        }

        if (!repositories.Exists(app) && namer.Refuse(app) is { } refused)
        {
            await GitService.WriteErrorAsync(context, service, $"cannot push to '{app}': {refused}");
            return;
        }

        // An app is created by its first push: the repository must exist before git can push to it.
        var repository = await repositories.EnsureAsync(app, options.DeployBranch, context.RequestAborted);
        await git.AdvertiseAsync(context, app, service, repository);
    }

    private static async Task ServiceAsync(HttpContext context, string app, string service, Authenticator authenticator, AccessGate gate, GitService git, GitRepositories repositories)
    {
        if (!GitService.Services.Contains(service))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (await AuthorizeAsync(context, app, service, authenticator, gate) is not { } push)
        {
            return;
        }

        if (AppName.Validate(app) is { } error || !repositories.Exists(app))
        {
            await Results.Problem(AppName.Validate(app) ?? $"no app named '{app}'", statusCode: 404).ExecuteAsync(context);
            return;
        }

        await git.ServeAsync(context, app, service, repositories.PathOf(app), push.Actor, push.Team);
    }

    private static async Task PreReceiveAsync(HttpContext context, string app, string? commit, string? branch, bool? delete, string? author, GitHttpOptions options, HookGrants grants, DeployService deployer, AuditLog audit)
    {
        if (grants.Find(app, BearerOf(context.Request)) is not { } push)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync(
                " !     Not authorized: this endpoint is only for AppLauncher's own git hook, with the one-time token of a push " +
                "that is running now. To deploy, push: git push http://launcher:<token>@<server>/<app>.git main\n");
            return;
        }

        PushLimits.Apply(context, options.MaxPushBytes);

        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        var output = new StreamDeployOutput(context.Response.Body);
        var preview = branch is null || branch == options.DeployBranch ? null : branch;
        bool ok;
        if (delete == true && preview is not null)
        {
            await deployer.DeletePreviewAsync(app, preview, output, context.RequestAborted);
            ok = true;
        }
        else if (commit is null)
        {
            await output.ErrorAsync("The hook sent no commit: push again (the server rewrites its hook on start).");
            ok = false;
        }
        else
        {
            // The revision records who authenticated, not the commit's author (anyone can write any e-mail into a commit).
            ok = await deployer.DeployAsync(app, commit, preview, context.Request.Body, output, context.RequestAborted, push.Actor ?? Actor.Clean(author), push.Team);
        }

        await audit.RecordAsync(push.Actor ?? "unknown", delete == true && preview is not null ? "delete preview" : "push", app,
            commit is null ? preview : $"{commit[..Math.Min(12, commit.Length)]}{(preview is null ? "" : $" ({preview})")}", ok ? "ok" : "failed");

        // The only line written as is: every other line carries a prefix, and only the hook knows the nonce.
        await output.WriteAsync(PreReceiveHook.ResultLine(push.Nonce, ok));
    }

    private static string? BearerOf(HttpRequest request) =>
        System.Net.Http.Headers.AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
        && string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase) ? header.Parameter : null;

    /// <summary>
    /// Git sends credentials only after a Basic challenge; any user name is accepted, the password is the token. A push
    /// needs the developer role in the app's team (or the app's deploy token), a fetch the viewer role; a first push
    /// creates the app in the pusher's only team. Refusals are text/plain, which git prints as <c>remote:</c> lines.
    /// </summary>
    /// <returns>Who pushes and the team a new app goes to; null when the answer (401 or 403) has been written.</returns>
    private static async Task<(string Actor, string? Team)?> AuthorizeAsync(HttpContext context, string app, string service, Authenticator authenticator, AccessGate gate)
    {
        var auth = await authenticator.AuthenticateAsync(context.Request, context.RequestAborted);
        if (auth.Principal is not { } caller)
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"AppLauncher\", charset=\"UTF-8\"";
            await RefuseAsync(context, StatusCodes.Status401Unauthorized, auth.Failure!);
            return null;
        }

        var push = service == "git-receive-pack";
        var rule = new AccessRule(push ? Role.Developer : Role.Viewer, AccessTarget.App, DeployTokens: push, RouteValue: "app");
        var (decision, team) = await gate.DecideForAppAsync(caller, rule, app, context.RequestAborted);
        string? newTeam = null;
        if (decision.Allowed && team is null && push)
        {
            // A first push: the app goes to the pusher's only team (an owner's to the default team).
            var (chosen, refusal) = caller.IsDeployToken ? (null, (403, decision.Reason ?? "")) : TeamChoice.ForNewApp(caller, null, app);
            if (refusal is { } r)
            {
                await RefuseAsync(context, r.Status == 400 ? StatusCodes.Status403Forbidden : r.Status,
                    caller.IsDeployToken ? $"a deploy token of {caller.DeployApp} cannot create {app}" : r.Message);
                return null;
            }

            newTeam = chosen;
        }

        if (!decision.Allowed)
        {
            await RefuseAsync(context, StatusCodes.Status403Forbidden, decision.Reason!);
            return null;
        }

        return (caller.Actor, newTeam);
    }

    private static async Task RefuseAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(message + "\n");
    }
}
