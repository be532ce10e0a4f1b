using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace AppLauncher.Backup;

/// <summary>
/// Writes a backup archive (tar.gz) entry by entry onto a stream that need not seek (an HTTP response), recording each
/// entry's size and SHA-256; <see cref="FinishAsync"/> writes the manifest last.
/// </summary>
public sealed class BackupArchiveWriter : IAsyncDisposable
{
    private readonly GZipStream _gzip;
    private readonly TarWriter _tar;
    private readonly List<BackupEntry> _entries = [];
    private bool _finished;

    public BackupArchiveWriter(Stream output)
    {
        _gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true);
        _tar = new TarWriter(_gzip, TarEntryFormat.Pax, leaveOpen: true);
    }

    /// <summary>The entries written so far, for progress.</summary>
    public IReadOnlyList<BackupEntry> Entries => _entries;

    /// <summary>Adds an entry; <paramref name="content"/> must seek (a file or a buffer): it is read once to hash, once to write.</summary>
    public async Task AddAsync(string name, Stream content, CancellationToken cancellationToken)
    {
        if (BackupEntryNames.Refusal(name) is not null || name == BackupManifest.FileName)
        {
            throw new ArgumentException($"'{name}' is not an entry a backup holds", nameof(name));
        }

        ObjectDisposedException.ThrowIf(_finished, this);
        var start = content.Position;
        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken));
        var size = content.Position - start;
        content.Position = start;
        await WriteAsync(name, content, cancellationToken);
        _entries.Add(new BackupEntry(name, size, hash));
    }

    /// <summary>Writes the manifest (with every entry's checksum) and ends the archive.</summary>
    public async Task FinishAsync(BackupManifest manifest, CancellationToken cancellationToken)
    {
        var text = JsonSerializer.SerializeToUtf8Bytes(manifest with { Entries = [.. _entries] }, new JsonSerializerOptions { WriteIndented = true });
        await WriteAsync(BackupManifest.FileName, new MemoryStream(text), cancellationToken);
        _finished = true;
        await _tar.DisposeAsync();
        await _gzip.DisposeAsync();
    }

    private Task WriteAsync(string name, Stream content, CancellationToken cancellationToken) =>
        _tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, name) { Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite, DataStream = content }, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        // Not finished: the archive ends without its manifest, which a restore refuses as truncated.
        await _tar.DisposeAsync();
        await _gzip.DisposeAsync();
    }
}
