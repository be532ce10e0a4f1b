using AppLauncher.Store;

namespace AppLauncher.Identity;

/// <summary>Records changes: who (a user, or a deploy token), when, what, to which app, and the outcome. Callers never pass secret values.</summary>
internal sealed partial class AuditLog(IIdentityStore store, TimeProvider time, ILogger<AuditLog> logger)
{
    private const int MaxField = 500;

    public async Task RecordAsync(string actor, string action, string? app, string? target, string outcome, string? detail = null)
    {
        try
        {
            await store.AddAuditAsync(time.GetUtcNow(), Bound(actor)!, Bound(action)!, app, Bound(target), Bound(outcome)!, Bound(detail), CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The change happened; a record that cannot be written is logged rather than failing it afterwards.
            Log.AuditFailed(logger, action, app, e);
        }
    }

    private static string? Bound(string? text) => text is null ? null : text.Length <= MaxField ? text : text[..MaxField];

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Could not record {Action} on {App} in the audit log")]
        public static partial void AuditFailed(ILogger logger, string action, string? app, Exception exception);
    }
}
