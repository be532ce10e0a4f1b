using AppLauncher.Apps;
using AppLauncher.Core.Apps;
using AppLauncher.Runtime;
using AppLauncher.Security;
using AppLauncher.Store;

namespace AppLauncher.Release;

/// <summary>What a config change did, or why it did nothing. Never holds a value.</summary>
/// <param name="Revision">The revision released with the new config; null when none was needed.</param>
/// <param name="Errors">Invalid input, by variable name.</param>
public sealed record ConfigOutcome(bool Done, int Status, string Message, string Change = "", string? Revision = null, string? Previous = null,
    IDictionary<string, string[]>? Errors = null);

/// <summary>
/// Changes an app's config vars. A change to the environment makes a new revision (the current revision's image with the
/// new config) and releases it with the same zero-downtime release as a deploy; the config is kept only once the new
/// revision serves, so a revision that fails to start changes nothing. An app not deployed yet keeps the config for its
/// first deploy.
/// </summary>
internal sealed partial class ConfigReleaseService(IStore store, TrafficService traffic, AppLocks locks, Observability.DeliveryMetrics metrics, Observability.PlatformEvents events, TimeProvider time, ILogger<ConfigReleaseService> logger)
{
    private const int LogLinesOnFailure = 20;

    public async Task<ConfigOutcome> ChangeAsync(string app, ConfigChange change, string actor, CancellationToken cancellationToken)
    {
        var validation = new ConfigChangeValidator().Validate(change);
        if (!validation.IsValid)
        {
            return new(false, StatusCodes.Status400BadRequest, $"The config change for {app} is not valid; nothing was changed.",
                Errors: validation.ToDictionary());
        }

        if (await store.GetAppAsync(app, cancellationToken) is null)
        {
            return new(false, StatusCodes.Status404NotFound, $"No app named '{app}'.");
        }

        using var gate = await locks.AcquireAsync(app, () => Task.CompletedTask, cancellationToken);
        var current = (await store.GetAppAsync(app, cancellationToken))?.CurrentRevision;
        var vars = (await store.ListConfigAsync(app, cancellationToken)).ToDictionary(v => v.Key, v => new ConfigValue(v.Value, v.Secret), StringComparer.Ordinal);
        var diff = ConfigDiff.Compute(vars, change);
        if (diff.IsEmpty)
        {
            return new(true, StatusCodes.Status200OK, $"No change: {app}'s config already is so; no new revision.", Previous: current);
        }

        var changed = diff.Set.Concat(diff.MarkedSecret).ToDictionary(k => k, k => diff.Result[k], StringComparer.Ordinal);
        var revision = current is null || !diff.ChangesEnvironment ? null : await store.GetRevisionAsync(current, cancellationToken);
        if (revision is null)
        {
            await store.ChangeConfigAsync(app, changed, diff.Unset, actor, time.GetUtcNow(), cancellationToken);
            Log.ConfigStored(logger, app, diff.Description, actor);
            return new(true, StatusCodes.Status200OK, diff.ChangesEnvironment
                ? $"{Capitalized(diff.Description)} on {app}; it has no revision yet: the config applies from its first deploy."
                : $"{Capitalized(diff.Description)} on {app}; the environment did not change, so no new revision.", diff.Description, Previous: current);
        }

        var next = await store.AddRevisionAsync(app, revision.Image, revision.ImageId, revision.Commit, revision.Buildpack, time.GetUtcNow(), cancellationToken,
            revision.Port, revision.HealthPath, ConfigDiff.Environment(diff.Result), diff.Description, actor, appFile: revision.AppFile, processes: revision.Processes, noWeb: revision.NoWeb);
        try
        {
            var instances = await traffic.InstancesToStartAsync(app, cancellationToken);
            await traffic.PromoteAsync(next, instances, _ => Task.CompletedTask, cancellationToken);
        }
        catch (Exception e) when (e is InstanceNotReadyException or RuntimeException)
        {
            Log.ReleaseFailed(logger, app, next.Name, diff.Description, e.Message);
            events.Publish(new Observability.PlatformEvent(Core.Alerts.PlatformEventKind.DeployFailed, app, next.Name,
                $"{diff.Description} on {app} did not release {next.Name}: {e.Message}", time.GetUtcNow()));
            var logs = e is InstanceNotReadyException { Logs.Length: > 0 } notReady
                ? "\nLast lines of the app's output:\n" + SecretRedactor.Redact(
                    string.Join('\n', notReady.Logs.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(LogLinesOnFailure)),
                    diff.Result.Values.Where(v => v.Secret).Select(v => v.Value))
                : "";
            return new(false, StatusCodes.Status422UnprocessableEntity,
                $"{next.Name} ({diff.Description}) did not start: {e.Message}. Nothing changed: {current} keeps serving with the old config.{logs}", diff.Description, next.Name, current);
        }

        await store.ChangeConfigAsync(app, changed, diff.Unset, actor, time.GetUtcNow(), cancellationToken);
        Log.Released(logger, app, next.Name, diff.Description, actor);
        metrics.Released(app, next.Name, "config");
        return new(true, StatusCodes.Status200OK, $"{Capitalized(diff.Description)} on {app}: released {next.Name} (was {current}).", diff.Description, next.Name, current);
    }

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <remarks>Names of variables only: values never reach a log.</remarks>
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Config of {App} changed ({Change}) by {Actor}: released {Revision}")]
        public static partial void Released(ILogger logger, string app, string revision, string change, string actor);

        [LoggerMessage(2, LogLevel.Information, "Config of {App} changed ({Change}) by {Actor}; no revision to release")]
        public static partial void ConfigStored(ILogger logger, string app, string change, string actor);

        [LoggerMessage(3, LogLevel.Warning, "Config change of {App} ({Change}) not released: {Revision} did not start: {Reason}")]
        public static partial void ReleaseFailed(ILogger logger, string app, string revision, string change, string reason);
    }
}
