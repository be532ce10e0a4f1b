using AppLauncher.Core.Config;
using AppLauncher.Core.Remotes;
using AppLauncher.Store;

namespace AppLauncher.Remote;

/// <summary>
/// Judges one webhook delivery, in this order: parse (400 when malformed), find the connected apps whose remote is the
/// delivery's repository (404 for an unknown one), verify the provider's signature with each app's secret in constant
/// time (401 when none matches; nothing is fetched), refuse a delivery id seen before (200 "already processed"), then
/// queue a sync (202): the provider gets its answer at once, the fetch and build run behind it.
/// </summary>
internal sealed partial class WebhookReceiver(IRemoteStore remotes, RemoteSync sync, PlatformConfig config, TimeProvider time, ILogger<WebhookReceiver> logger)
{
    public async Task<WebhookOutcome> ReceiveAsync(WebhookProvider provider, Func<string, string?> header, ReadOnlyMemory<byte> body, string? app, CancellationToken cancellationToken)
    {
        var (delivery, error) = WebhookParser.Parse(provider, header, body);
        if (delivery is null)
        {
            return new WebhookOutcome(StatusCodes.Status400BadRequest, error!, []);
        }

        var candidates = await CandidatesAsync(delivery, app, cancellationToken);
        if (candidates.Count == 0)
        {
            return new WebhookOutcome(StatusCodes.Status404NotFound, app is not null
                ? $"no app named '{app}' is connected to a repository: connect it with 'launcher apps connect {app} --repo <url>'"
                : $"no app is connected to {(delivery.Repositories.Count == 0 ? "the delivery's repository (it names none)" : string.Join(" or ", delivery.Repositories.Take(3)))}: connect one with 'launcher apps connect <app> --repo <url>', or add ?app=<name> to the webhook URL", []);
        }

        var verified = candidates.Where(r => Verify(provider, r.WebhookSecret, header, body.Span)).ToList();
        if (verified.Count == 0)
        {
            Log.BadSignature(logger, provider.ToString(), string.Join(", ", candidates.Select(c => c.App)));
            return new WebhookOutcome(StatusCodes.Status401Unauthorized, $"the delivery's {SignatureHeader(provider)} does not match the webhook secret of the connected app: set the secret 'launcher apps connect' printed as the webhook's secret", []);
        }

        if (delivery.Kind == WebhookEventKind.Ping)
        {
            return new WebhookOutcome(StatusCodes.Status200OK, $"pong: {string.Join(", ", verified.Select(r => r.App))} will deploy on pushes", [.. verified.Select(r => r.App)]);
        }

        var fresh = new List<RemoteRecord>();
        var now = time.GetUtcNow();
        foreach (var remote in verified)
        {
            if (delivery.DeliveryId is not { Length: > 0 and <= 200 } id
                || await remotes.AddDeliveryAsync($"{provider.ToString().ToLowerInvariant()}:{remote.App}:{id}", remote.App, now, now.AddDays(-config.Remotes.DeliveryRetentionDays), cancellationToken))
            {
                fresh.Add(remote);
            }
        }

        if (fresh.Count == 0)
        {
            return new WebhookOutcome(StatusCodes.Status200OK, $"delivery {delivery.DeliveryId} already processed: nothing to do", []);
        }

        if (delivery.Kind == WebhookEventKind.Ignored)
        {
            return new WebhookOutcome(StatusCodes.Status200OK, $"event '{delivery.Name}' is not acted on (push, tag push and closed pull/merge requests are)", []);
        }

        foreach (var remote in fresh)
        {
            sync.Request(remote.App, $"{provider.ToString().ToLowerInvariant()} {delivery.Name} {delivery.Ref ?? delivery.Branch}".TrimEnd(),
                delivery.Kind == WebhookEventKind.RequestClosed ? delivery.Branch : null);
        }

        return new WebhookOutcome(StatusCodes.Status202Accepted, $"queued: {string.Join(", ", fresh.Select(r => r.App))} fetch{(fresh.Count == 1 ? "es" : "")} {delivery.Ref ?? delivery.Branch ?? "its remote"}", [.. fresh.Select(r => r.App)]);
    }

    private async Task<List<RemoteRecord>> CandidatesAsync(WebhookEvent delivery, string? app, CancellationToken cancellationToken)
    {
        if (app is not null)
        {
            return await remotes.GetRemoteAsync(app, cancellationToken) is { } one ? [one] : [];
        }

        var named = delivery.Repositories.Select(RemoteUrl.Normalize).ToHashSet(StringComparer.Ordinal);
        return [.. (await remotes.ListRemotesAsync(cancellationToken)).Where(r => named.Contains(RemoteUrl.Normalize(r.Url)))];
    }

    private static bool Verify(WebhookProvider provider, string secret, Func<string, string?> header, ReadOnlySpan<byte> body) => provider switch
    {
        WebhookProvider.GitHub => WebhookSignatures.VerifyGitHub(secret, body, header("X-Hub-Signature-256")),
        WebhookProvider.Gitea => WebhookSignatures.VerifyGitea(secret, body, header("X-Gitea-Signature")),
        WebhookProvider.GitLab => WebhookSignatures.VerifyToken(secret, header("X-Gitlab-Token")),
        _ => WebhookSignatures.VerifyToken(secret, BearerOf(header("Authorization"))),
    };

    private static string? BearerOf(string? authorization) =>
        authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;

    private static string SignatureHeader(WebhookProvider provider) => provider switch
    {
        WebhookProvider.GitHub => "X-Hub-Signature-256",
        WebhookProvider.Gitea => "X-Gitea-Signature",
        WebhookProvider.GitLab => "X-Gitlab-Token",
        _ => "Authorization: Bearer",
    };

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "A {Provider} webhook delivery for {Apps} had a bad or missing signature: refused")]
        public static partial void BadSignature(ILogger logger, string provider, string apps);
    }
}
