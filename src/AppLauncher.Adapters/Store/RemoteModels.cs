using System.Text.Json.Serialization;

namespace AppLauncher.Store;

/// <summary>
/// The remote repository an app is connected to, and what its refs deploy: <see cref="Branch"/> releases the app, tags
/// matching <see cref="Tags"/> release the app with the tag recorded, other branches become previews when
/// <see cref="Previews"/> is set. <see cref="Credentials"/> and <see cref="WebhookSecret"/> are stored sealed and never
/// serialized; <see cref="Status"/> and <see cref="Error"/> tell how the last fetch went.
/// </summary>
public sealed record RemoteRecord(
    string App,
    string Url,
    string Branch,
    string Tags,
    bool Previews,
    [property: JsonIgnore] string? Credentials,
    [property: JsonIgnore] string WebhookSecret,
    int? PollSeconds,
    string Status,
    string? Error,
    DateTimeOffset? CheckedAt,
    DateTimeOffset CreatedAt)
{
    /// <summary>Never the credentials or the secret: a record's text ends up in logs.</summary>
    public override string ToString() => $"{App} ← {Url} ({Branch}, tags {Tags}, {Status})";
}

/// <summary>States of a connected app's remote.</summary>
public static class RemoteStatus
{
    /// <summary>Connected; nothing fetched yet.</summary>
    public const string Pending = "pending";

    /// <summary>The last fetch worked (its deploys report on their own).</summary>
    public const string Ok = "ok";

    /// <summary>The last fetch failed: <see cref="RemoteRecord.Error"/> names the remote and why.</summary>
    public const string Failed = "failed";
}
