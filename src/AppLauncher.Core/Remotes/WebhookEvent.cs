namespace AppLauncher.Core.Remotes;

/// <summary>
/// One delivery, read from the provider's headers and body: its <see cref="Kind"/>, the delivery id replays are refused
/// by, the repository URLs it names (matched to connections), and the ref or branch it is about.
/// </summary>
/// <param name="Name">The provider's own event name (<c>push</c>, <c>Tag Push Hook</c>), for messages.</param>
/// <param name="Ref">A push's full ref (<c>refs/heads/main</c>); null otherwise.</param>
/// <param name="Branch">A closed request's source branch; null otherwise.</param>
public sealed record WebhookEvent(WebhookEventKind Kind, string Name, string? DeliveryId, IReadOnlyList<string> Repositories, string? Ref = null, string? Branch = null);
