namespace AppLauncher.Remote;

/// <summary>
/// The body of <c>PUT /api/apps/{name}/remote</c>: the repository URL, the branch that deploys the app (the platform's
/// deploy branch when null), credentials (<c>token:…</c> or <c>basic:user:password</c>) or a deploy key (a private key's
/// text), a poll interval (<c>1m</c>; null: webhooks only), the tag glob that releases the app (<c>v*</c>; empty: none),
/// whether other branches are previewed, the team a new app goes to, and for SSH the server's public host key to pin
/// (null: trusted on the first fetch and pinned from then on).
/// </summary>
public sealed record ConnectRequest(string? Repo = null, string? Branch = null, string? Credentials = null, string? DeployKey = null, string? Poll = null,
    string? Tags = null, bool? Previews = null, string? Team = null, string? HostKey = null);
