namespace AppLauncher.Core.Remotes;

/// <summary>Who sends a webhook: the path segment of <c>/hooks/{provider}</c>.</summary>
public enum WebhookProvider
{
    GitHub,
    GitLab,
    Gitea,
    Generic,
}
