namespace AppLauncher.Core.Config;

/// <summary>Apps connected to repositories elsewhere (GitHub, GitLab, Gitea, a company server): fetching, polling, webhooks.</summary>
public sealed class RemotesConfig
{
    /// <summary>How long one fetch may take before it is given up (and reported on the app), in seconds.</summary>
    public int FetchTimeoutSeconds { get; set; } = 120;

    /// <summary>The shortest <c>--poll</c> interval an app may ask for, in seconds, so polling cannot hammer a server.</summary>
    public int MinPollSeconds { get; set; } = 30;

    /// <summary>How many connected apps are fetched at once (their builds then wait in the build queue like pushes).</summary>
    public int Concurrency { get; set; } = 2;

    /// <summary>How long a webhook delivery id is remembered to refuse replays, in days.</summary>
    public int DeliveryRetentionDays { get; set; } = 30;
}
