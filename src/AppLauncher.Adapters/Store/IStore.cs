using AppLauncher.Core.Apps;

namespace AppLauncher.Store;

/// <summary>The platform's state: apps, builds and revisions. SQLite is the embedded default.</summary>
public interface IStore
{
    /// <summary>What the store is, for messages: a file path, or host, port and database (never a password).</summary>
    string Description { get; }

    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Every row, from one consistent snapshot, in a form any store can import (see <see cref="StoreDump"/>).</summary>
    Task<StoreDump> ExportAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Loads <paramref name="dump"/> into this store, which must be migrated and empty, in one transaction: all of it or
    /// nothing. Refused (a <see cref="StoreException"/>, or a <see cref="Security.SecretsException"/> for a dump sealed
    /// under another key) when the store holds data, or the dump has a table or column this store does not know.
    /// </summary>
    Task ImportAsync(StoreDump dump, CancellationToken cancellationToken);

    Task<AppRecord?> GetAppAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<AppRecord>> ListAppsAsync(CancellationToken cancellationToken);

    /// <summary>Creates the app (in <paramref name="team"/>, or the default team) if it does not exist; returns it either way.</summary>
    Task<AppRecord> EnsureAppAsync(string name, DateTimeOffset now, CancellationToken cancellationToken, string? team = null);

    Task<long> StartBuildAsync(string app, string commit, DateTimeOffset now, CancellationToken cancellationToken);

    Task FinishBuildAsync(long id, string status, string? buildpack, string? error, DateTimeOffset now, CancellationToken cancellationToken);

    Task<IReadOnlyList<BuildRecord>> ListBuildsAsync(string app, CancellationToken cancellationToken);

    /// <summary>Adds a revision numbered one past the app's last (<c>hello-00007</c>).</summary>
    /// <remarks>
    /// <paramref name="port"/> is the app's own port (its launcher.yaml), when it names one. <paramref name="env"/> is the
    /// revision's config vars (stored encrypted, never changed), <paramref name="change"/> what changed since the last
    /// revision (<c>deploy 1a2b3c4</c>, <c>set FOO; unset BAR</c>), <paramref name="actor"/> who made it;
    /// <paramref name="branch"/> is set for a branch preview (a revision that takes no production traffic);
    /// <paramref name="appFile"/> is the text of the app's launcher.yaml at the revision's commit, read at build time;
    /// <paramref name="processes"/> its non-web Procfile process types (type → command); <paramref name="noWeb"/> says it
    /// has no web process at all; <paramref name="remote"/> and <paramref name="sourceRef"/> the repository it was fetched
    /// from and the ref (<c>refs/tags/v1.2</c>) for a connected app.
    /// </remarks>
    Task<RevisionRecord> AddRevisionAsync(string app, string image, string imageId, string commit, string buildpack, DateTimeOffset now, CancellationToken cancellationToken, int? port = null, string? healthPath = null,
        IReadOnlyDictionary<string, string>? env = null, string? change = null, string? actor = null, string? branch = null, string? appFile = null, IReadOnlyDictionary<string, string>? processes = null, bool noWeb = false,
        string? remote = null, string? sourceRef = null);

    Task<RevisionRecord?> GetRevisionAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<RevisionRecord>> ListRevisionsAsync(string app, CancellationToken cancellationToken);

    /// <summary>Routes the app to <paramref name="revision"/> from now on, and records when it was released.</summary>
    Task SetCurrentRevisionAsync(string app, string revision, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The app's autoscaling policy as JSON, or null when it uses the defaults.</summary>
    Task<string?> GetAutoscalingAsync(string app, CancellationToken cancellationToken);

    Task SetAutoscalingAsync(string app, string policyJson, CancellationToken cancellationToken);

    /// <summary>The instance count of each non-web process type set for the app (<c>launcher scale</c>, launcher.yaml), as JSON; null when none was set.</summary>
    Task<string?> GetFormationAsync(string app, CancellationToken cancellationToken);

    Task SetFormationAsync(string app, string formationJson, CancellationToken cancellationToken);

    /// <summary>
    /// Counts one more restart of a crashed instance of the revision's process type; returns the new count. The app's
    /// counts of other revisions are dropped (only its current revision's crashes are counted).
    /// </summary>
    Task<int> AddProcessRestartAsync(string app, string revision, string type, CancellationToken cancellationToken);

    /// <summary>The restarts of each process type (<c>revision/type</c> → count) of the app, or of every app when it is null.</summary>
    Task<IReadOnlyDictionary<string, int>> ListProcessRestartsAsync(string? app, CancellationToken cancellationToken);

    /// <summary>Records one run of a cron job, keeping the job's last <paramref name="keep"/> runs.</summary>
    Task AddCronRunAsync(CronRunRecord run, int keep, CancellationToken cancellationToken);

    /// <summary>Records an alert notification (firing, repeat, resolved) before it is sent, keeping the newest <paramref name="keep"/>; returns its id.</summary>
    Task<long> AddAlertNotificationAsync(AlertNotificationRecord notification, int keep, CancellationToken cancellationToken);

    /// <summary>Where the notification's delivery stands: <c>pending</c>, <c>delivered</c> or <c>failed</c>, after <paramref name="attempts"/> tries.</summary>
    Task SetAlertDeliveryAsync(long id, string delivery, int attempts, string? error, CancellationToken cancellationToken);

    /// <summary>Alert notifications, newest first: of one app (and the platform-wide ones about it), or all.</summary>
    Task<IReadOnlyList<AlertNotificationRecord>> ListAlertHistoryAsync(string? app, int limit, CancellationToken cancellationToken);

    /// <summary>The app's cron runs, newest first.</summary>
    Task<IReadOnlyList<CronRunRecord>> ListCronRunsAsync(string app, CancellationToken cancellationToken);

    /// <summary>The app's traffic plan as JSON, or null when it sends everything to its latest revision.</summary>
    Task<string?> GetTrafficAsync(string app, CancellationToken cancellationToken);

    Task SetTrafficAsync(string app, string trafficJson, CancellationToken cancellationToken);

    /// <summary>The app's config vars, decrypted, by key.</summary>
    Task<IReadOnlyList<ConfigVarRecord>> ListConfigAsync(string app, CancellationToken cancellationToken);

    /// <summary>Sets (encrypted) and unsets config vars of an app in one transaction, recording who and when.</summary>
    Task ChangeConfigAsync(string app, IReadOnlyDictionary<string, ConfigValue> set, IReadOnlyList<string> unset, string? actor, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Removes the app and everything the store keeps about it (builds, revisions, config, custom domains); false when it did not exist.</summary>
    Task<bool> DeleteAppAsync(string app, CancellationToken cancellationToken);

    /// <summary>Adds a custom domain to an app as pending; false when the domain already belongs to an app (this one or another).</summary>
    Task<bool> AddDomainAsync(string domain, string app, string token, DateTimeOffset now, CancellationToken cancellationToken);

    Task<DomainRecord?> GetDomainAsync(string domain, CancellationToken cancellationToken);

    /// <summary>An app's custom domains, or every app's when <paramref name="app"/> is null.</summary>
    Task<IReadOnlyList<DomainRecord>> ListDomainsAsync(string? app, CancellationToken cancellationToken);

    Task SetDomainVerifiedAsync(string domain, DateTimeOffset now, CancellationToken cancellationToken);

    Task<bool> RemoveDomainAsync(string domain, CancellationToken cancellationToken);
}
