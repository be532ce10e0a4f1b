namespace AppLauncher.Observability;

/// <summary>
/// Where stages publish what happened (a crash loop, a failed deploy, a failed DNS registration, a certificate
/// expiring) without knowing who listens. Subscribers must return at once (the alert engine only enqueues): a
/// publisher is a deploy, the supervisor or the registrar, none of which may wait for a webhook.
/// </summary>
public sealed partial class PlatformEvents(ILogger<PlatformEvents> logger)
{
    public event Action<PlatformEvent>? Published;

    public void Publish(PlatformEvent platformEvent)
    {
        foreach (var subscriber in Published?.GetInvocationList() ?? [])
        {
            try
            {
                ((Action<PlatformEvent>)subscriber)(platformEvent);
            }
            catch (Exception e)
            {
                Log.SubscriberFailed(logger, platformEvent.Kind.ToString(), e);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "A subscriber to platform events failed on {Kind}")]
        public static partial void SubscriberFailed(ILogger logger, string kind, Exception exception);
    }
}
