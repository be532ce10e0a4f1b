using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace AppLauncher.Backup;

/// <summary>
/// Reads a backup archive into a staging directory and checks it whole before anything is restored: only the entries a
/// backup writes (<see cref="BackupEntryNames"/>), regular files only (no links or devices), within
/// <see cref="BackupLimits"/>, every entry's size and SHA-256 as the manifest says, no entry the manifest does not list,
/// and a schema version this AppLauncher knows. On any refusal the staging directory is removed again.
/// </summary>
public static class BackupArchiveReader
{
    /// <summary>Unpacks <paramref name="archive"/> into <paramref name="staging"/> (created, must not exist) and returns the checked manifest.</summary>
    public static async Task<BackupManifest> ReadAsync(Stream archive, string staging, int knownSchemaVersion, BackupLimits limits, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(staging);
        try
        {
            var written = await UnpackAsync(archive, staging, limits, cancellationToken);
            var manifest = ReadManifest(staging, written);
            Check(manifest, written, knownSchemaVersion);
            return manifest;
        }
        catch
        {
            Directory.Delete(staging, recursive: true);
            throw;
        }
    }

    private static async Task<Dictionary<string, BackupEntry>> UnpackAsync(Stream archive, string staging, BackupLimits limits, CancellationToken cancellationToken)
    {
        var written = new Dictionary<string, BackupEntry>(StringComparer.Ordinal);
        var total = 0L;
        try
        {
            await using var gzip = new GZipStream(archive, CompressionMode.Decompress, leaveOpen: true);
            await using var tar = new TarReader(gzip, leaveOpen: false);
            while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            {
                if (entry.EntryType is TarEntryType.GlobalExtendedAttributes)
                {
                    continue;
                }

                if (BackupEntryNames.Refusal(entry.Name) is { } refused)
                {
                    throw new BackupRefusedException(refused);
                }

                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
                {
                    throw new BackupRefusedException(
                        $"the archive's entry {entry.Name} is a {entry.EntryType}, not a regular file: a backup holds only files, so it was altered. Nothing was restored.");
                }

                if (written.ContainsKey(entry.Name))
                {
                    throw new BackupRefusedException($"the archive holds {entry.Name} twice: it was altered. Nothing was restored.");
                }

                if (written.Count >= limits.MaxEntries)
                {
                    throw new BackupRefusedException($"the archive holds more than {limits.MaxEntries} entries, more than a backup writes. Nothing was restored.");
                }

                total += entry.Length;
                if (total > limits.MaxBytes)
                {
                    throw new BackupRefusedException(
                        $"the archive unpacks to more than {limits.MaxBytes / (1024 * 1024)} MiB (at {entry.Name}), more than a restore reads: it is not a backup of an installation of this kind. Nothing was restored.");
                }

                written[entry.Name] = await CopyAsync(entry, Path.Combine(staging, entry.Name), cancellationToken);
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException)
        {
            throw new BackupRefusedException($"the archive is truncated or damaged ({e.Message.TrimEnd('.')}): make the backup again, or copy it again in full. Nothing was restored.");
        }

        return written;
    }

    private static async Task<BackupEntry> CopyAsync(TarEntry entry, string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var size = 0L;
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
            if (entry.DataStream is { } data)
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await data.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    size += read;
                }
            }
        }

        if (size != entry.Length)
        {
            throw new BackupRefusedException($"the archive ends inside {entry.Name} ({size} of {entry.Length} bytes): it is truncated. Make the backup again, or copy it again in full. Nothing was restored.");
        }

        return new BackupEntry(entry.Name, size, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private static BackupManifest ReadManifest(string staging, Dictionary<string, BackupEntry> written)
    {
        if (!written.ContainsKey(BackupManifest.FileName))
        {
            throw new BackupRefusedException(
                $"the archive has no {BackupManifest.FileName}: it is truncated (a backup ends with its manifest) or not made by 'launcher backup'. Nothing was restored.");
        }

        try
        {
            return JsonSerializer.Deserialize<BackupManifest>(File.ReadAllBytes(Path.Combine(staging, BackupManifest.FileName)))
                is { InstallationId: not null, StoreProvider: not null, Entries: not null } manifest
                ? manifest
                : throw new JsonException("a field is missing");
        }
        catch (JsonException e)
        {
            throw new BackupRefusedException($"the archive's {BackupManifest.FileName} is not a backup manifest ({e.Message}): it was altered. Nothing was restored.");
        }
    }

    private static void Check(BackupManifest manifest, Dictionary<string, BackupEntry> written, int knownSchemaVersion)
    {
        if (manifest.Format != BackupManifest.FormatVersion)
        {
            throw new BackupRefusedException(
                $"the archive is in backup format {manifest.Format}; this AppLauncher reads format {BackupManifest.FormatVersion}: restore it with the AppLauncher version that made it.");
        }

        if (manifest.SchemaVersion > knownSchemaVersion)
        {
            throw new BackupRefusedException(
                $"the archive was made at store schema version {manifest.SchemaVersion}, but this AppLauncher knows versions up to {knownSchemaVersion}: " +
                $"restore it with an AppLauncher that knows schema version {manifest.SchemaVersion} (at least as new as the one that made it).");
        }

        foreach (var listed in manifest.Entries)
        {
            if (!written.TryGetValue(listed.Name, out var found))
            {
                throw new BackupRefusedException($"the archive's manifest lists {listed.Name}, but the archive does not hold it: it is incomplete. Nothing was restored.");
            }

            if (found.Size != listed.Size || !string.Equals(found.Sha256, listed.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new BackupRefusedException(
                    $"the archive's {listed.Name} does not match its checksum in the manifest (sha256 {found.Sha256}, {found.Size} bytes; the manifest says {listed.Sha256}, {listed.Size} bytes): it was damaged or altered. Make the backup again. Nothing was restored.");
            }
        }

        var unlisted = written.Keys.FirstOrDefault(n => n != BackupManifest.FileName && manifest.Entries.All(e => e.Name != n));
        if (unlisted is not null)
        {
            throw new BackupRefusedException($"the archive holds {unlisted}, which its manifest does not list: it was altered. Nothing was restored.");
        }

        if (!written.ContainsKey(BackupEntryNames.Store))
        {
            throw new BackupRefusedException($"the archive holds no {BackupEntryNames.Store} (the store's dump): it is not a complete backup. Nothing was restored.");
        }

        if (manifest.KeyIncluded != written.ContainsKey(BackupEntryNames.Key))
        {
            throw new BackupRefusedException($"the archive's manifest says the secrets key is {(manifest.KeyIncluded ? "" : "not ")}included, but the archive {(manifest.KeyIncluded ? "does not hold" : "holds")} {BackupEntryNames.Key}: it was altered. Nothing was restored.");
        }
    }
}
