using System.Text.Json;

namespace AppLauncher.Core.Remotes;

/// <summary>
/// Reads a delivery as each provider documents it. GitHub: <c>X-GitHub-Event</c> (<c>push</c>, <c>pull_request</c>,
/// <c>ping</c>), <c>X-GitHub-Delivery</c>, <c>repository.clone_url|html_url|ssh_url</c>. GitLab: <c>X-Gitlab-Event</c>
/// (<c>Push Hook</c>, <c>Tag Push Hook</c>, <c>Merge Request Hook</c>), <c>X-Gitlab-Event-UUID</c> (or
/// <c>Idempotency-Key</c>), <c>project.git_http_url|git_ssh_url|web_url</c>. Gitea: <c>X-Gitea-Event</c>,
/// <c>X-Gitea-Delivery</c>, GitHub's body shape. Generic: any JSON (or none) with an optional <c>ref</c>, and
/// <c>X-Delivery-Id</c>.
/// </summary>
public static class WebhookParser
{
    public const int MaxDepth = 64;

    /// <summary>The event, or an error naming what is missing or malformed.</summary>
    public static (WebhookEvent? Event, string? Error) Parse(WebhookProvider provider, Func<string, string?> header, ReadOnlyMemory<byte> body)
    {
        JsonDocument? document = null;
        if (!body.IsEmpty)
        {
            try
            {
                document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = MaxDepth });
            }
            catch (JsonException e)
            {
                return (null, $"the delivery's body is not JSON ({e.Message}): send the provider's JSON payload (content type application/json)");
            }
        }

        using (document)
        {
            var root = document?.RootElement;
            if (root is { ValueKind: not JsonValueKind.Object } && provider != WebhookProvider.Generic)
            {
                return (null, "the delivery's body is not a JSON object: send the provider's JSON payload (content type application/json)");
            }

            return provider switch
            {
                WebhookProvider.GitHub => GitHubLike(header("X-GitHub-Event"), header("X-GitHub-Delivery"), root, "X-GitHub-Event"),
                WebhookProvider.Gitea => GitHubLike(header("X-Gitea-Event") ?? header("X-GitHub-Event"), header("X-Gitea-Delivery") ?? header("X-GitHub-Delivery"), root, "X-Gitea-Event"),
                WebhookProvider.GitLab => GitLab(header("X-Gitlab-Event"), header("X-Gitlab-Event-UUID") ?? header("Idempotency-Key") ?? header("X-Gitlab-Webhook-UUID"), root),
                _ => (new WebhookEvent(WebhookEventKind.Push, "push", header("X-Delivery-Id"), Urls(root, "repository", "url"), Str(root, "ref")), null),
            };
        }
    }

    private static (WebhookEvent?, string?) GitHubLike(string? name, string? delivery, JsonElement? root, string eventHeader)
    {
        if (string.IsNullOrEmpty(name))
        {
            return (null, $"the delivery has no {eventHeader} header: send it as the provider does");
        }

        var repositories = Urls(Prop(root, "repository"), "clone_url", "html_url", "ssh_url", "git_url");
        return name switch
        {
            "ping" => (new WebhookEvent(WebhookEventKind.Ping, name, delivery, repositories), null),
            "push" => Str(root, "ref") is { } r
                ? (new WebhookEvent(WebhookEventKind.Push, name, delivery, repositories, r), null)
                : (null, "the push delivery has no 'ref': send the provider's push payload"),
            "pull_request" when Str(root, "action") == "closed" =>
                (new WebhookEvent(WebhookEventKind.RequestClosed, name, delivery, repositories, Branch: Str(Prop(Prop(root, "pull_request"), "head"), "ref")), null),
            _ => (new WebhookEvent(WebhookEventKind.Ignored, name, delivery, repositories), null),
        };
    }

    private static (WebhookEvent?, string?) GitLab(string? name, string? delivery, JsonElement? root)
    {
        if (string.IsNullOrEmpty(name))
        {
            return (null, "the delivery has no X-Gitlab-Event header: send it as GitLab does");
        }

        var repositories = Urls(Prop(root, "project"), "git_http_url", "git_ssh_url", "web_url", "http_url", "ssh_url")
            .Concat(Urls(Prop(root, "repository"), "git_http_url", "git_ssh_url", "homepage", "url")).Distinct().ToList();
        var attributes = Prop(root, "object_attributes");
        return name switch
        {
            "Push Hook" or "Tag Push Hook" => Str(root, "ref") is { } r
                ? (new WebhookEvent(WebhookEventKind.Push, name, delivery, repositories, r), null)
                : (null, "the push delivery has no 'ref': send GitLab's push payload"),
            "Merge Request Hook" when Str(attributes, "action") is "close" or "merge" =>
                (new WebhookEvent(WebhookEventKind.RequestClosed, name, delivery, repositories, Branch: Str(attributes, "source_branch")), null),
            _ => (new WebhookEvent(WebhookEventKind.Ignored, name, delivery, repositories), null),
        };
    }

    private static JsonElement? Prop(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    private static string? Str(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static List<string> Urls(JsonElement? element, params string[] names) =>
        [.. names.Select(n => Str(element, n)).OfType<string>().Where(u => u.Length is > 0 and <= RemoteUrl.MaxLength)];
}
