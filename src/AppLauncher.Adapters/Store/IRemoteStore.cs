namespace AppLauncher.Store;

/// <summary>Connected apps' remotes, the remote refs last acted on, and the webhook deliveries already seen, in the same database as <see cref="IStore"/>.</summary>
public interface IRemoteStore
{
    /// <summary>Connects the app (replacing any earlier connection and forgetting the refs it saw); credentials and secret are sealed.</summary>
    Task SetRemoteAsync(RemoteRecord remote, CancellationToken cancellationToken);

    Task<RemoteRecord?> GetRemoteAsync(string app, CancellationToken cancellationToken);

    Task<IReadOnlyList<RemoteRecord>> ListRemotesAsync(CancellationToken cancellationToken);

    /// <summary>False when the app had no remote.</summary>
    Task<bool> RemoveRemoteAsync(string app, CancellationToken cancellationToken);

    Task SetRemoteStatusAsync(string app, string status, string? error, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The remote refs last acted on (ref → commit).</summary>
    Task<IReadOnlyDictionary<string, string>> GetRemoteRefsAsync(string app, CancellationToken cancellationToken);

    /// <summary>Records that <paramref name="gitRef"/> was acted on at <paramref name="commit"/>; null forgets the ref.</summary>
    Task SetRemoteRefAsync(string app, string gitRef, string? commit, CancellationToken cancellationToken);

    /// <summary>Records a webhook delivery; false when its id was recorded before (a replay). Forgets deliveries older than <paramref name="forgetBefore"/>.</summary>
    Task<bool> AddDeliveryAsync(string id, string app, DateTimeOffset now, DateTimeOffset forgetBefore, CancellationToken cancellationToken);
}
