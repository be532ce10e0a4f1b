using AppLauncher.Core.Remotes;
using AppLauncher.Identity;
using AppLauncher.Remote;

namespace AppLauncher.Api;

/// <summary>
/// <c>POST /hooks/{github|gitlab|gitea|generic}</c>: webhook deliveries from Git servers. No AppLauncher token: each
/// delivery proves itself with the connected app's webhook secret (see <see cref="WebhookReceiver"/>). At most
/// <see cref="MaxBodyBytes"/> of body are read, before any signature is checked; the answer comes at once, the build is queued.
/// </summary>
internal static class HooksApi
{
    public const int MaxBodyBytes = (int)ApiLimits.MaxBodyBytes;

    public static readonly IReadOnlyDictionary<string, WebhookProvider> Providers = new Dictionary<string, WebhookProvider>(StringComparer.Ordinal)
    {
        ["github"] = WebhookProvider.GitHub,
        ["gitlab"] = WebhookProvider.GitLab,
        ["gitea"] = WebhookProvider.Gitea,
        ["generic"] = WebhookProvider.Generic,
    };

    public static string PathOf(WebhookProvider provider) => $"/hooks/{provider.ToString().ToLowerInvariant()}";

    /// <summary>The provider whose webhook URL a connect prints first, guessed from the repository's host.</summary>
    public static string ProviderFor(string url)
    {
        var host = RemoteUrl.Normalize(url).Split('/')[0];
        return host == "github.com" || host.EndsWith(".github.com", StringComparison.Ordinal) ? "github"
            : host.Contains("gitlab", StringComparison.Ordinal) ? "gitlab"
            : host.Contains("gitea", StringComparison.Ordinal) || host.Contains("codeberg", StringComparison.Ordinal) ? "gitea"
            : "generic";
    }

    public static IEndpointRouteBuilder MapHooksApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/hooks/{provider}", ReceiveAsync).AllowWithoutToken();
        return endpoints;
    }

    private static async Task<IResult> ReceiveAsync(string provider, string? app, HttpContext http, WebhookReceiver receiver, CancellationToken cancellationToken)
    {
        if (!Providers.TryGetValue(provider, out var kind))
        {
            return TypedResults.Problem($"No webhook endpoint for '{(provider.Length > 40 ? provider[..40] + "…" : provider)}': use /hooks/github, /hooks/gitlab, /hooks/gitea or /hooks/generic.",
                statusCode: StatusCodes.Status404NotFound, title: "No such webhook");
        }

        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return TooLarge();
        }

        var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (body.Length + read > MaxBodyBytes)
            {
                return TooLarge();
            }

            body.Write(buffer, 0, read);
        }

        var headers = http.Request.Headers;
        var outcome = await receiver.ReceiveAsync(kind, name => headers.TryGetValue(name, out var value) ? value.ToString() : null,
            body.GetBuffer().AsMemory(0, (int)body.Length), app, cancellationToken);
        return outcome.Status < 400
            ? TypedResults.Json(new { message = outcome.Message, apps = outcome.Apps }, statusCode: outcome.Status)
            : TypedResults.Problem(outcome.Message, statusCode: outcome.Status, title: outcome.Status switch
            {
                StatusCodes.Status401Unauthorized => "Bad signature",
                StatusCodes.Status404NotFound => "Unknown repository",
                _ => "Bad delivery",
            });
    }

    private static IResult TooLarge() =>
        TypedResults.Problem($"The delivery is larger than {MaxBodyBytes} bytes: AppLauncher reads at most that much of a webhook (push events with fewer commits, or the generic hook, stay below it).",
            statusCode: StatusCodes.Status413PayloadTooLarge, title: "Delivery too large");
}
