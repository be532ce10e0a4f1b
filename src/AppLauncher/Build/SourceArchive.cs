using System.Formats.Tar;
using AppLauncher.Core.Build;
using AppLauncher.Core.Detect;

namespace AppLauncher.Build;

/// <summary>A pushed commit as a tar archive (from <c>git archive</c>), held in memory for detection and the build context.</summary>
internal sealed class SourceArchive
{
    private readonly List<(string Path, UnixFileMode Mode, byte[] Content)> _files = [];

    public long Size { get; private set; }

    public InMemorySourceTree Tree => new(_files.Select(f => KeyValuePair.Create(f.Path, f.Content)));

    /// <summary>Reads regular files from a tar stream; directories are implied, links and other entries are skipped.</summary>
    public static async Task<SourceArchive> ReadAsync(Stream tar, long maxBytes, CancellationToken cancellationToken)
    {
        var archive = new SourceArchive();
        await using var reader = new TarReader(tar, leaveOpen: true);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            // Empty files (__init__.py, .gitkeep) have no data stream but belong to the source all the same.
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
            {
                continue;
            }

            archive.Size += entry.Length;
            if (archive.Size > maxBytes)
            {
                throw new InvalidDataException($"the pushed source is larger than {maxBytes / (1024 * 1024)} MiB; keep build outputs and dependencies out of git");
            }

            using var buffer = new MemoryStream((int)entry.Length);
            if (entry.DataStream is not null)
            {
                await entry.DataStream.CopyToAsync(buffer, cancellationToken);
            }
            archive._files.Add((InMemorySourceTree.Normalize(entry.Name), entry.Mode, buffer.ToArray()));
        }

        return archive;
    }

    /// <summary>
    /// Writes the source plus <paramref name="extra"/> files (path → content) as a build context tar. With a
    /// <paramref name="root"/> (an app's build root), only that folder is the context, as if it were the repository.
    /// Files the context's <paramref name="ignore"/> (its .dockerignore) excludes are left out; the extra files never are.
    /// Returns how many source files were left out.
    /// </summary>
    public async Task<int> WriteContextAsync(
        Stream destination, IReadOnlyDictionary<string, byte[]> extra, CancellationToken cancellationToken, string? root = null, DockerIgnore? ignore = null)
    {
        var prefix = root is { Length: > 0 } ? root.Trim('/') + "/" : "";
        var ignored = 0;
        await using var writer = new TarWriter(destination, TarEntryFormat.Pax, leaveOpen: true);
        foreach (var (path, mode, content) in _files
            .Where(f => f.Path.StartsWith(prefix, StringComparison.Ordinal))
            .Select(f => (Path: f.Path[prefix.Length..], f.Mode, f.Content))
            .Where(f => !extra.ContainsKey(f.Path)))
        {
            if (ignore?.Excludes(path) == true)
            {
                ignored++;
                continue;
            }

            await WriteAsync(writer, path, mode, content, cancellationToken);
        }

        foreach (var (path, content) in extra)
        {
            await WriteAsync(writer, path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, content, cancellationToken);
        }

        return ignored;
    }

    private static async Task WriteAsync(TarWriter writer, string path, UnixFileMode mode, byte[] content, CancellationToken cancellationToken)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, path)
        {
            Mode = mode,
            ModificationTime = DateTimeOffset.UnixEpoch,
            DataStream = new MemoryStream(content, writable: false),
        };
        await writer.WriteEntryAsync(entry, cancellationToken);
    }
}
