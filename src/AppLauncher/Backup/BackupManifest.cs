using System.Text.Json.Serialization;

namespace AppLauncher.Backup;

/// <summary>
/// The last entry of a backup archive (<c>manifest.json</c>): which installation made it, at which schema version, from
/// which store, and the size and SHA-256 of every other entry, so a restore knows before writing anything that the
/// archive is whole and unaltered. Written last because the checksums are known only once the entries are.
/// </summary>
public sealed record BackupManifest(
    [property: JsonPropertyName("format")] int Format,
    [property: JsonPropertyName("installationId")] string InstallationId,
    [property: JsonPropertyName("schemaVersion")] int SchemaVersion,
    [property: JsonPropertyName("createdAt")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("storeProvider")] string StoreProvider,
    [property: JsonPropertyName("keyIncluded")] bool KeyIncluded,
    [property: JsonPropertyName("entries")] IReadOnlyList<BackupEntry> Entries)
{
    public const int FormatVersion = 1;

    public const string FileName = "manifest.json";
}

/// <summary>One entry of a backup archive as the manifest records it.</summary>
public sealed record BackupEntry(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("sha256")] string Sha256);
