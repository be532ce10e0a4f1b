using System.Text;
using AppLauncher.Core.Remotes;

namespace AppLauncher.Core.Tests.Remotes;

public sealed class WebhookParserTests
{
    private static Func<string, string?> Headers(params (string Name, string Value)[] headers) =>
        name => headers.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static ReadOnlyMemory<byte> Json(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void Parse_GitHubPush_ReadsRefDeliveryAndRepositoryUrls()
    {
        var body = Json("""
            {"ref":"refs/heads/main","before":"0000000000000000000000000000000000000000","after":"6113728f27ae82c7b1a177c8d03f9e96e0adf246",
             "repository":{"id":1,"full_name":"acme/shop","html_url":"https://github.com/acme/shop","clone_url":"https://github.com/acme/shop.git","ssh_url":"git@github.com:acme/shop.git"},
             "pusher":{"name":"octocat"},"commits":[]}
            """);

        var (e, error) = WebhookParser.Parse(WebhookProvider.GitHub, Headers(("X-GitHub-Event", "push"), ("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958")), body);

        Assert.Null(error);
        Assert.Equal(WebhookEventKind.Push, e!.Kind);
        Assert.Equal("refs/heads/main", e.Ref);
        Assert.Equal("72d3162e-cc78-11e3-81ab-4c9367dc0958", e.DeliveryId);
        Assert.Equal(["https://github.com/acme/shop.git", "https://github.com/acme/shop", "git@github.com:acme/shop.git"], e.Repositories);
    }

    [Theory]
    [InlineData("closed", WebhookEventKind.RequestClosed)]
    [InlineData("opened", WebhookEventKind.Ignored)]
    public void Parse_GitHubPullRequest_ClosedNamesTheHeadBranch(string action, WebhookEventKind kind)
    {
        var body = Json($$$"""{"action":"{{{action}}}","number":7,"pull_request":{"head":{"ref":"feature-x"},"base":{"ref":"main"}},"repository":{"clone_url":"https://github.com/acme/shop.git"}}""");

        var (e, _) = WebhookParser.Parse(WebhookProvider.GitHub, Headers(("X-GitHub-Event", "pull_request"), ("X-GitHub-Delivery", "d1")), body);

        Assert.Equal(kind, e!.Kind);
        Assert.Equal(kind == WebhookEventKind.RequestClosed ? "feature-x" : null, e.Branch);
    }

    [Fact]
    public void Parse_GitLabTagPush_ReadsProjectUrlsAndEventUuid()
    {
        var body = Json("""
            {"object_kind":"tag_push","ref":"refs/tags/v1.0.0","checkout_sha":"82b3d5ae55f7080f1e6022629cdb57bfae7cccc7",
             "project":{"git_http_url":"https://gitlab.example.com/acme/shop.git","git_ssh_url":"git@gitlab.example.com:acme/shop.git","web_url":"https://gitlab.example.com/acme/shop"},
             "repository":{"homepage":"https://gitlab.example.com/acme/shop"}}
            """);

        var (e, error) = WebhookParser.Parse(WebhookProvider.GitLab, Headers(("X-Gitlab-Event", "Tag Push Hook"), ("X-Gitlab-Event-UUID", "13792a34-cac6-4fda-95a8-c58e00a3954e")), body);

        Assert.Null(error);
        Assert.Equal(WebhookEventKind.Push, e!.Kind);
        Assert.Equal("refs/tags/v1.0.0", e.Ref);
        Assert.Equal("13792a34-cac6-4fda-95a8-c58e00a3954e", e.DeliveryId);
        Assert.Contains("git@gitlab.example.com:acme/shop.git", e.Repositories);
    }

    [Theory]
    [InlineData("merge", WebhookEventKind.RequestClosed)]
    [InlineData("close", WebhookEventKind.RequestClosed)]
    [InlineData("open", WebhookEventKind.Ignored)]
    public void Parse_GitLabMergeRequest_ClosedOrMergedNamesTheSourceBranch(string action, WebhookEventKind kind)
    {
        var body = Json($$$"""{"object_kind":"merge_request","object_attributes":{"action":"{{{action}}}","source_branch":"fix-1","target_branch":"main"},"project":{"git_http_url":"https://gitlab.com/a/b.git"}}""");

        var (e, _) = WebhookParser.Parse(WebhookProvider.GitLab, Headers(("X-Gitlab-Event", "Merge Request Hook")), body);

        Assert.Equal(kind, e!.Kind);
    }

    [Fact]
    public void Parse_GiteaPush_UsesGiteaHeaders()
    {
        var body = Json("""{"ref":"refs/heads/dev","after":"abc","repository":{"clone_url":"https://gitea.example.com/a/b.git","ssh_url":"git@gitea.example.com:a/b.git","html_url":"https://gitea.example.com/a/b"}}""");

        var (e, _) = WebhookParser.Parse(WebhookProvider.Gitea, Headers(("X-Gitea-Event", "push"), ("X-Gitea-Delivery", "g-1")), body);

        Assert.Equal(("refs/heads/dev", "g-1"), (e!.Ref, e.DeliveryId));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    public void Parse_BodyNotAJsonObject_IsAnErrorNamingThePayload(string text)
    {
        var (e, error) = WebhookParser.Parse(WebhookProvider.GitHub, Headers(("X-GitHub-Event", "push")), Json(text));

        Assert.Null(e);
        Assert.Contains("JSON", error);
    }

    [Fact]
    public void Parse_DeepBody_IsRefusedNotOverflowed()
    {
        var deep = new string('[', 10_000) + new string(']', 10_000);

        var (e, error) = WebhookParser.Parse(WebhookProvider.GitHub, Headers(("X-GitHub-Event", "push")), Json(deep));

        Assert.Null(e);
        Assert.Contains("not JSON", error);
    }

    [Fact]
    public void Parse_NoEventHeader_NamesTheHeader()
    {
        var (_, error) = WebhookParser.Parse(WebhookProvider.GitHub, Headers(), Json("{}"));

        Assert.Contains("X-GitHub-Event", error);
    }

    [Fact]
    public void Parse_PushWithoutRef_IsAnError()
    {
        var (_, error) = WebhookParser.Parse(WebhookProvider.GitHub, Headers(("X-GitHub-Event", "push")), Json("""{"ref": 5}"""));

        Assert.Contains("no 'ref'", error);
    }

    [Fact]
    public void Parse_GenericEmptyBody_IsAPush()
    {
        var (e, error) = WebhookParser.Parse(WebhookProvider.Generic, Headers(("X-Delivery-Id", "x1")), ReadOnlyMemory<byte>.Empty);

        Assert.Null(error);
        Assert.Equal((WebhookEventKind.Push, "x1"), (e!.Kind, e.DeliveryId));
    }
}
