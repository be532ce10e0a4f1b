using System.Net.Http.Json;
using System.Threading.Channels;
using AppLauncher.Core.Config;
using AppLauncher.Store;

namespace AppLauncher.Observability.Alerts;

/// <summary>
/// Sends alert notifications to their webhooks as JSON, off every caller's path: <see cref="Enqueue"/> never waits (a
/// bounded queue that drops its oldest when full, and says so in the log); one worker records each in the history,
/// posts it with a timeout, retries with doubling back-off up to <c>alerts.maxAttempts</c>, and records the outcome.
/// </summary>
public sealed partial class AlertNotifier : BackgroundService
{
    /// <summary>Notifications the history keeps.</summary>
    public const int HistoryKept = 10_000;

    private readonly Channel<AlertNotification> _queue;
    private readonly IStore _store;
    private readonly AlertsConfig _config;
    private readonly TimeProvider _time;
    private readonly ILogger<AlertNotifier> _logger;
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), AllowAutoRedirect = false })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public AlertNotifier(IStore store, PlatformConfig config, TimeProvider time, ILogger<AlertNotifier> logger)
    {
        (_store, _config, _time, _logger) = (store, config.Alerts, time, logger);
        _queue = Channel.CreateBounded<AlertNotification>(
            new BoundedChannelOptions(_config.MaxQueued) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            dropped => Log.Dropped(_logger, dropped.Rule.Name, dropped.Status));
    }

    /// <summary>Queues a notification; returns at once.</summary>
    public void Enqueue(AlertNotification notification) => _queue.Writer.TryWrite(notification);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var notification in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await DeliverAsync(notification, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                Log.DeliveryFailed(_logger, notification.Rule.Name, e);
            }
        }
    }

    private async Task DeliverAsync(AlertNotification n, CancellationToken cancellationToken)
    {
        var id = await _store.AddAlertNotificationAsync(new AlertNotificationRecord(0, n.Rule.Name, n.App, n.Status, n.Rule.ConditionText, n.Value, n.Message, n.At,
            n.Rule.Webhook.GetLeftPart(UriPartial.Authority), "pending", 0, null), HistoryKept, cancellationToken);
        var payload = new
        {
            text = n.Text,
            status = n.Status,
            rule = n.Rule.Name,
            app = n.App,
            condition = n.Rule.ConditionText,
            value = n.Value,
            message = n.Message,
            at = n.At,
        };
        var delay = TimeSpan.FromSeconds(1);
        string? error = null;
        for (var attempt = 1; attempt <= _config.MaxAttempts; attempt++)
        {
            error = await PostAsync(n.Rule.Webhook, payload, cancellationToken);
            if (error is null)
            {
                await _store.SetAlertDeliveryAsync(id, "delivered", attempt, null, CancellationToken.None);
                return;
            }

            Log.AttemptFailed(_logger, n.Rule.Name, attempt, _config.MaxAttempts, error);
            await _store.SetAlertDeliveryAsync(id, "pending", attempt, error, CancellationToken.None);
            if (attempt < _config.MaxAttempts)
            {
                await Task.Delay(delay, _time, cancellationToken);
                delay *= 2;
            }
        }

        await _store.SetAlertDeliveryAsync(id, "failed", _config.MaxAttempts, error, CancellationToken.None);
    }

    /// <summary>Null when the webhook took it (2xx); else what went wrong.</summary>
    private async Task<string?> PostAsync(Uri webhook, object payload, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(_config.WebhookTimeoutSeconds));
        try
        {
            using var response = await _http.PostAsJsonAsync(webhook, payload, timeout.Token);
            return response.IsSuccessStatusCode ? null : $"{webhook.GetLeftPart(UriPartial.Authority)} answered {(int)response.StatusCode}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"{webhook.GetLeftPart(UriPartial.Authority)} did not answer within {_config.WebhookTimeoutSeconds} s";
        }
        catch (HttpRequestException e)
        {
            return $"{webhook.GetLeftPart(UriPartial.Authority)}: {e.Message}";
        }
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Alert {Rule}: webhook attempt {Attempt} of {MaxAttempts} failed: {Error}")]
        public static partial void AttemptFailed(ILogger logger, string rule, int attempt, int maxAttempts, string error);

        [LoggerMessage(2, LogLevel.Warning, "Alert {Rule}: the notification queue is full; dropped the oldest ({Status})")]
        public static partial void Dropped(ILogger logger, string rule, string status);

        [LoggerMessage(3, LogLevel.Error, "Alert {Rule}: could not record or deliver a notification")]
        public static partial void DeliveryFailed(ILogger logger, string rule, Exception exception);
    }
}
