using AppLauncher.Core.Domains;
using AppLauncher.Core.Names;
using AppLauncher.Deploy;
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

    private static async Task InfoRefsAsync(HttpContext context, string app, string? service, AdminToken token, GitService git, GitRepositories repositories, GitHttpOptions options, DomainNamer namer)
    {
        if (service is null || !GitService.Services.Contains(service))
        {
            await Results.Problem("Only git's smart HTTP protocol is served: use git 1.6.6 or later.", statusCode: 403).ExecuteAsync(context);
            return;
        }

        if (!Authorize(context, token))
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

    private static async Task ServiceAsync(HttpContext context, string app, string service, AdminToken token, GitService git, GitRepositories repositories)
    {
        if (!GitService.Services.Contains(service))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (!Authorize(context, token))
        {
            return;
        }

        if (AppName.Validate(app) is { } error || !repositories.Exists(app))
        {
            await Results.Problem(AppName.Validate(app) ?? $"no app named '{app}'", statusCode: 404).ExecuteAsync(context);
            return;
        }

        await git.ServeAsync(context, app, service, repositories.PathOf(app));
    }

    private static async Task PreReceiveAsync(HttpContext context, string app, string? commit, string? branch, bool? delete, string? author, GitHttpOptions options, HookGrants grants, DeployService deployer)
    {
        if (grants.ResultNonceOf(app, BearerOf(context.Request)) is not { } nonce)
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
            ok = await deployer.DeployAsync(app, commit, preview, context.Request.Body, output, context.RequestAborted, Actor.Clean(author));
        }

        // The only line written as is: every other line carries a prefix, and only the hook knows the nonce.
        await output.WriteAsync(PreReceiveHook.ResultLine(nonce, ok));
    }

    private static string? BearerOf(HttpRequest request) =>
        System.Net.Http.Headers.AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
        && string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase) ? header.Parameter : null;

    /// <summary>Git sends credentials only after a Basic challenge; any user name is accepted, the password is the token.</summary>
    private static bool Authorize(HttpContext context, AdminToken token)
    {
        if (token.Authorizes(context.Request))
        {
            return true;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"AppLauncher\", charset=\"UTF-8\"";
        return false;
    }
}
