using System.Security.Cryptography;
using AppLauncher.Core.Config;
using AppLauncher.Core.Remotes;
using AppLauncher.GitFetch;
using AppLauncher.Store;

namespace AppLauncher.Remote;

/// <summary>
/// Connects an app to a remote repository (validated, credentials and a fresh webhook secret sealed in the store, its
/// poll scheduled, a first sync queued) and disconnects it. The app itself is created by the caller (the API decides its team).
/// </summary>
internal sealed class RemoteConnections(IRemoteStore remotes, RemotePolls polls, RemoteSync sync, RemoteLogs logs, PlatformConfig config, TimeProvider time)
{
    public const int MaxTagsLength = 200;

    /// <summary>Null when the request can connect an app; otherwise what is wrong and how to fix it.</summary>
    public string? Validate(ConnectRequest request)
    {
        if (RemoteUrl.Validate(request.Repo) is { } urlError)
        {
            return urlError;
        }

        if (request.Branch is { } branch && (branch.Length is 0 or > 255 || branch.Any(c => char.IsControl(c) || c is ' ' or '~' or '^' or ':' or '?' or '*' or '[' or '\\') || branch.Contains("..", StringComparison.Ordinal)))
        {
            return $"'{(branch.Length > 60 ? branch[..60] + "…" : branch)}' is not a branch name git accepts: use e.g. main";
        }

        if (request.Tags is { Length: > MaxTagsLength })
        {
            return $"the tag pattern is {request.Tags.Length} characters long; at most {MaxTagsLength} are accepted (e.g. v*)";
        }

        if (request.Credentials is not null && request.DeployKey is not null)
        {
            return "give either credentials (--credentials) or a deploy key (--deploy-key), not both";
        }

        if (request.Credentials is { } credentials && RemoteCredentials.Parse(credentials).Error is { } credentialsError)
        {
            return credentialsError;
        }

        if (request.DeployKey is { } key)
        {
            if (!RemoteUrl.IsSsh(request.Repo!))
            {
                return "a deploy key signs in over SSH: connect the ssh:// or git@host:path URL, or use --credentials token:<token> with https://";
            }

            if (RemoteCredentials.Parse("ssh-key:" + key).Error is not null)
            {
                return "the deploy key is not a private key file (it should hold '-----BEGIN … PRIVATE KEY-----')";
            }
        }
        else if (RemoteUrl.IsSsh(request.Repo!))
        {
            return "an ssh:// (or git@host:path) remote signs in with a deploy key: give --deploy-key FILE, or connect the https:// URL with --credentials token:<token>";
        }

        if (request.HostKey is { } hostKey)
        {
            if (request.DeployKey is null)
            {
                return "--host-key pins an SSH server's key: it goes with an ssh:// remote and --deploy-key";
            }

            if (SshHostKey.Parse(hostKey).Error is { } hostKeyError)
            {
                return hostKeyError;
            }
        }

        return PollInterval.Parse(request.Poll, config.Remotes.MinPollSeconds).Error;
    }

    /// <summary>Connects (or reconnects) the app; returns its remote, with the new webhook secret.</summary>
    public async Task<RemoteRecord> ConnectAsync(string app, ConnectRequest request, CancellationToken cancellationToken)
    {
        var remote = new RemoteRecord(app, request.Repo!, request.Branch ?? config.Deploy.Branch, request.Tags ?? "v*", request.Previews ?? true,
            request.DeployKey is { } key ? RemoteCredentials.SshKey(key, request.HostKey is { } hostKey ? SshHostKey.Parse(hostKey).Key : null) : request.Credentials,
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            PollInterval.Parse(request.Poll, config.Remotes.MinPollSeconds).Seconds, RemoteStatus.Pending, null, null, time.GetUtcNow());
        await remotes.SetRemoteAsync(remote, cancellationToken);
        await polls.ScheduleAsync(remote, cancellationToken);
        sync.Request(app, "connected");
        return remote;
    }

    /// <summary>False when the app was not connected. What it deployed keeps running; pushes deploy it again.</summary>
    public async Task<bool> DisconnectAsync(string app, CancellationToken cancellationToken)
    {
        await polls.UnscheduleAsync(app, cancellationToken);
        logs.Forget(app);
        return await remotes.RemoveRemoteAsync(app, cancellationToken);
    }
}
