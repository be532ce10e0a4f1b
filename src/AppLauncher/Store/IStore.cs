namespace AppLauncher.Store;

/// <summary>The platform's state: apps, builds and revisions. SQLite is the embedded default.</summary>
public interface IStore
{
    Task MigrateAsync(CancellationToken cancellationToken);

    Task<AppRecord?> GetAppAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<AppRecord>> ListAppsAsync(CancellationToken cancellationToken);

    /// <summary>Creates the app if it does not exist; returns it either way.</summary>
    Task<AppRecord> EnsureAppAsync(string name, DateTimeOffset now, CancellationToken cancellationToken);

    Task<long> StartBuildAsync(string app, string commit, DateTimeOffset now, CancellationToken cancellationToken);

    Task FinishBuildAsync(long id, string status, string? buildpack, string? error, DateTimeOffset now, CancellationToken cancellationToken);

    Task<IReadOnlyList<BuildRecord>> ListBuildsAsync(string app, CancellationToken cancellationToken);

    /// <summary>Adds a revision numbered one past the app's last (<c>hello-00007</c>).</summary>
    Task<RevisionRecord> AddRevisionAsync(string app, string image, string imageId, string commit, string buildpack, DateTimeOffset now, CancellationToken cancellationToken);

    Task<RevisionRecord?> GetRevisionAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<RevisionRecord>> ListRevisionsAsync(string app, CancellationToken cancellationToken);

    /// <summary>Routes the app to <paramref name="revision"/> from now on, and records when it was released.</summary>
    Task SetCurrentRevisionAsync(string app, string revision, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The app's autoscaling policy as JSON, or null when it uses the defaults.</summary>
    Task<string?> GetAutoscalingAsync(string app, CancellationToken cancellationToken);

    Task SetAutoscalingAsync(string app, string policyJson, CancellationToken cancellationToken);
}
