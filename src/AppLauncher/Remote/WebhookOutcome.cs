namespace AppLauncher.Remote;

/// <summary>How a delivery was answered: the HTTP status, a message for the provider's delivery log, and the apps it queued.</summary>
public sealed record WebhookOutcome(int Status, string Message, IReadOnlyList<string> Apps);
