using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AppLauncher.Core.Remotes;

namespace AppLauncher.Tests.Remote;

/// <summary>
/// Webhook deliveries built as the providers document them: GitHub (push and pull_request payloads, X-GitHub-Event,
/// X-GitHub-Delivery, X-Hub-Signature-256 = sha256=HMAC of the body), GitLab (Push/Tag Push/Merge Request Hook,
/// X-Gitlab-Token, X-Gitlab-Event-UUID), Gitea (X-Gitea-Event, X-Gitea-Delivery, X-Gitea-Signature = bare hex HMAC).
/// </summary>
internal static class Deliveries
{
    private const string Zero = "0000000000000000000000000000000000000000";

    public static HttpRequestMessage GitHubPush(string hookBase, string secret, string repoUrl, string gitRef, string before, string after, string? delivery = null, string? signature = null)
    {
        var name = repoUrl.Split('/')[^1].Replace(".git", "", StringComparison.Ordinal);
        var body = JsonSerializer.Serialize(new
        {
            @ref = gitRef,
            before,
            after,
            created = before == Zero,
            deleted = after == Zero,
            forced = false,
            base_ref = (string?)null,
            compare = $"{repoUrl}/compare/{before[..12]}...{after[..12]}",
            commits = after == Zero ? Array.Empty<object>() : new object[] { new { id = after, message = "change", timestamp = "2026-12-02T05:00:00Z", author = new { name = "Test", email = "test@example.com" } } },
            repository = new
            {
                id = 1296269,
                name,
                full_name = $"acme/{name}",
                @private = false,
                html_url = repoUrl.Replace(".git", "", StringComparison.Ordinal),
                clone_url = repoUrl,
                git_url = repoUrl.Replace("http://", "git://", StringComparison.Ordinal),
                ssh_url = $"git@127.0.0.1:acme/{name}.git",
                default_branch = "main",
            },
            pusher = new { name = "octocat", email = "octocat@example.com" },
            sender = new { login = "octocat", id = 1 },
        });
        return Signed(hookBase + "/hooks/github", body, "push", delivery ?? Guid.NewGuid().ToString(), secret, signature);
    }

    public static HttpRequestMessage GitHubPullRequestClosed(string hookBase, string secret, string repoUrl, string branch, string head)
    {
        var body = JsonSerializer.Serialize(new
        {
            action = "closed",
            number = 7,
            pull_request = new { number = 7, state = "closed", merged = true, head = new { @ref = branch, sha = head }, @base = new { @ref = "main" } },
            repository = new { clone_url = repoUrl, html_url = repoUrl.Replace(".git", "", StringComparison.Ordinal) },
            sender = new { login = "octocat", id = 1 },
        });
        return Signed(hookBase + "/hooks/github", body, "pull_request", Guid.NewGuid().ToString(), secret, null);
    }

    public static HttpRequestMessage GitLabTagPush(string hookBase, string token, string repoUrl, string tag, string commit)
    {
        var body = JsonSerializer.Serialize(new
        {
            object_kind = "tag_push",
            event_name = "tag_push",
            before = Zero,
            after = commit,
            @ref = "refs/tags/" + tag,
            checkout_sha = commit,
            user_name = "Test",
            project = new { name = "shop", web_url = repoUrl.Replace(".git", "", StringComparison.Ordinal), git_http_url = repoUrl, git_ssh_url = "git@127.0.0.1:acme/shop.git" },
            repository = new { name = "shop", url = "git@127.0.0.1:acme/shop.git", homepage = repoUrl.Replace(".git", "", StringComparison.Ordinal), git_http_url = repoUrl },
            commits = Array.Empty<object>(),
            total_commits_count = 0,
        });
        var request = Json(hookBase + "/hooks/gitlab", body);
        request.Headers.Add("X-Gitlab-Event", "Tag Push Hook");
        request.Headers.Add("X-Gitlab-Token", token);
        request.Headers.Add("X-Gitlab-Event-UUID", Guid.NewGuid().ToString());
        request.Headers.UserAgent.ParseAdd("GitLab/17.5.0");
        return request;
    }

    public static HttpRequestMessage GiteaPush(string hookBase, string secret, string repoUrl, string gitRef, string before, string after)
    {
        var body = JsonSerializer.Serialize(new
        {
            @ref = gitRef,
            before,
            after,
            compare_url = "",
            commits = Array.Empty<object>(),
            repository = new { id = 1, name = "shop", full_name = "acme/shop", html_url = repoUrl.Replace(".git", "", StringComparison.Ordinal), clone_url = repoUrl, ssh_url = "git@127.0.0.1:acme/shop.git" },
            pusher = new { login = "test" },
            sender = new { login = "test" },
        });
        var request = Json(hookBase + "/hooks/gitea", body);
        request.Headers.Add("X-Gitea-Event", "push");
        request.Headers.Add("X-Gitea-Delivery", Guid.NewGuid().ToString());
        request.Headers.Add("X-Gitea-Signature", WebhookSignatures.Hmac(secret, Encoding.UTF8.GetBytes(body)));
        return request;
    }

    private static HttpRequestMessage Signed(string url, string body, string githubEvent, string delivery, string secret, string? signature)
    {
        var request = Json(url, body);
        request.Headers.Add("X-GitHub-Event", githubEvent);
        request.Headers.Add("X-GitHub-Delivery", delivery);
        request.Headers.Add("X-GitHub-Hook-ID", "292430182");
        request.Headers.UserAgent.ParseAdd("GitHub-Hookshot/044aadd");
        if (signature != "")
        {
            request.Headers.Add("X-Hub-Signature-256", signature ?? "sha256=" + WebhookSignatures.Hmac(secret, Encoding.UTF8.GetBytes(body)));
        }

        return request;
    }

    private static HttpRequestMessage Json(string url, string body) =>
        new(HttpMethod.Post, url) { Content = new StringContent(body, new MediaTypeHeaderValue("application/json")) };
}
