using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AppLauncher.Backup;

namespace AppLauncher.Tests.Backup;

public sealed class BackupArchiveTests : IDisposable
{
    private const int Schema = 18;
    private readonly TempDirectory _temp = new();

    private string Staging => Path.Combine(_temp.Path, "staging");

    public void Dispose() => _temp.Dispose();

    private static BackupManifest Manifest(int schema = Schema, bool keyIncluded = false) =>
        new(BackupManifest.FormatVersion, "abc123", schema, DateTimeOffset.UnixEpoch, "sqlite", keyIncluded, []);

    private static async Task<MemoryStream> WrittenAsync(BackupManifest manifest, params (string Name, string Text)[] entries)
    {
        var output = new MemoryStream();
        await using (var writer = new BackupArchiveWriter(output))
        {
            foreach (var (name, text) in entries)
            {
                await writer.AddAsync(name, new MemoryStream(Encoding.UTF8.GetBytes(text)), default);
            }

            await writer.FinishAsync(manifest, default);
        }

        output.Position = 0;
        return output;
    }

    private static string Sha(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>An archive written by hand, as an attacker (or a damaged disk) would: any entry, any manifest.</summary>
    private static MemoryStream Crafted(IEnumerable<TarEntry> entries, BackupManifest? manifest)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                tar.WriteEntry(entry);
            }

            if (manifest is not null)
            {
                tar.WriteEntry(File(BackupManifest.FileName, JsonSerializer.SerializeToUtf8Bytes(manifest)));
            }
        }

        output.Position = 0;
        return output;
    }

    private static PaxTarEntry File(string name, byte[] data) => new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) };

    private Task<BackupManifest> ReadAsync(Stream archive, BackupLimits? limits = null) =>
        BackupArchiveReader.ReadAsync(archive, Staging, Schema, limits ?? BackupLimits.Default, default);

    private async Task<string> RefusedAsync(Stream archive, BackupLimits? limits = null)
    {
        var refused = await Assert.ThrowsAsync<BackupRefusedException>(() => ReadAsync(archive, limits));
        // Refused means nothing stays behind: not the staging directory, not a file next to it.
        Assert.False(Directory.Exists(Staging));
        Assert.Empty(Directory.GetFileSystemEntries(_temp.Path));
        return refused.Message;
    }

    [Fact]
    public async Task ReadAsync_WrittenArchive_UnpacksEveryEntryWithItsChecksum()
    {
        var archive = await WrittenAsync(Manifest(), (BackupEntryNames.Store, "{\"tables\":[]}"), (BackupEntryNames.Bundle("hello"), "bundle bytes"));

        var manifest = await ReadAsync(archive);

        Assert.Equal("abc123", manifest.InstallationId);
        Assert.Equal([BackupEntryNames.Store, "repositories/hello.bundle"], manifest.Entries.Select(e => e.Name));
        Assert.Equal(Sha(Encoding.UTF8.GetBytes("bundle bytes")), manifest.Entries[1].Sha256);
        Assert.Equal("bundle bytes", System.IO.File.ReadAllText(Path.Combine(Staging, "repositories", "hello.bundle")));
    }

    [Fact]
    public async Task ReadAsync_TruncatedArchive_IsRefusedAsTruncated()
    {
        var whole = (await WrittenAsync(Manifest(), (BackupEntryNames.Store, new string('x', 200_000)), (BackupEntryNames.Bundle("a"), RandomText(100_000)))).ToArray();

        var message = await RefusedAsync(new MemoryStream(whole[..(whole.Length / 2)]));

        Assert.Contains("truncated", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_ArchiveWithoutManifest_IsRefusedAsTruncated()
    {
        var message = await RefusedAsync(Crafted([File(BackupEntryNames.Store, "{}"u8.ToArray())], manifest: null));

        Assert.Contains("no manifest.json", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_ChecksumMismatch_IsRefusedNamingTheEntry()
    {
        var manifest = Manifest() with { Entries = [new BackupEntry(BackupEntryNames.Store, 2, Sha("[]"u8.ToArray()))] };

        var message = await RefusedAsync(Crafted([File(BackupEntryNames.Store, "{}"u8.ToArray())], manifest));

        Assert.Contains("store.json does not match its checksum", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_EntryTheManifestDoesNotList_IsRefused()
    {
        var store = "{}"u8.ToArray();
        var manifest = Manifest() with { Entries = [new BackupEntry(BackupEntryNames.Store, store.Length, Sha(store))] };

        var message = await RefusedAsync(Crafted([File(BackupEntryNames.Store, store), File(BackupEntryNames.Key, "k"u8.ToArray())], manifest));

        Assert.Contains("secrets.key, which its manifest does not list", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../escaped")]
    [InlineData("/etc/launcher-escaped")]
    [InlineData("repositories/../../escaped.bundle")]
    [InlineData("repositories/a/../../../escaped.bundle")]
    [InlineData("repositories\\..\\escaped.bundle")]
    [InlineData("./store.json")]
    public async Task ReadAsync_EntryOutsideTheArchive_IsRefusedAndNothingWritten(string name)
    {
        var message = await RefusedAsync(Crafted([File(name, "x"u8.ToArray())], Manifest()));

        Assert.Contains("not one a backup writes", message, StringComparison.Ordinal);
        Assert.False(System.IO.File.Exists("/etc/launcher-escaped"));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(_temp.Path)!, "escaped*"));
    }

    [Theory]
    [InlineData(TarEntryType.SymbolicLink)]
    [InlineData(TarEntryType.HardLink)]
    [InlineData(TarEntryType.Directory)]
    [InlineData(TarEntryType.Fifo)]
    public async Task ReadAsync_EntryThatIsNoRegularFile_IsRefused(TarEntryType type)
    {
        var link = new PaxTarEntry(type, BackupEntryNames.Store);
        if (type is TarEntryType.SymbolicLink or TarEntryType.HardLink)
        {
            link.LinkName = "/etc/passwd";
        }

        var message = await RefusedAsync(Crafted([link], Manifest()));

        Assert.Contains($"is a {type}, not a regular file", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_ArchiveThatUnpacksBeyondTheLimit_IsRefusedBeforeTheDiskFills()
    {
        // 64 MiB of zeros compress to a few hundred KiB: the ratio of a zip bomb, at a limit a test can reach.
        var bomb = Crafted([File(BackupEntryNames.Store, new byte[64 * 1024 * 1024])], Manifest());
        Assert.True(bomb.Length < 1024 * 1024);

        var message = await RefusedAsync(bomb, new BackupLimits(MaxBytes: 16 * 1024 * 1024, MaxEntries: 10));

        Assert.Contains("unpacks to more than 16 MiB", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_TooManyEntries_IsRefused()
    {
        var entries = Enumerable.Range(0, 5).Select(i => File(BackupEntryNames.Bundle($"app{i}"), "x"u8.ToArray()));

        var message = await RefusedAsync(Crafted(entries, Manifest()), new BackupLimits(MaxBytes: 1024, MaxEntries: 3));

        Assert.Contains("more than 3 entries", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_SchemaNewerThanThisBinary_IsRefusedWithTheVersionNeeded()
    {
        var message = await RefusedAsync(await WrittenAsync(Manifest(schema: Schema + 3), (BackupEntryNames.Store, "{}")));

        Assert.Contains($"schema version {Schema + 3}, but this AppLauncher knows versions up to {Schema}", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_ManifestSaysKeyIncludedButNoKey_IsRefused()
    {
        var message = await RefusedAsync(await WrittenAsync(Manifest(keyIncluded: true), (BackupEntryNames.Store, "{}")));

        Assert.Contains("secrets key is included", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_NotGzip_IsRefusedAsDamaged()
    {
        var message = await RefusedAsync(new MemoryStream(Encoding.UTF8.GetBytes("this is not an archive at all")));

        Assert.Contains("truncated or damaged", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("store.json", true)]
    [InlineData("secrets.key", true)]
    [InlineData("manifest.json", true)]
    [InlineData("repositories/hello-world.bundle", true)]
    [InlineData("repositories/Hello.bundle", false)]
    [InlineData("repositories/-x.bundle", false)]
    [InlineData("repositories/a/b.bundle", false)]
    [InlineData("repositories/.bundle", false)]
    [InlineData("store.json\0", false)]
    [InlineData("", false)]
    public void Refusal_AcceptsOnlyTheNamesABackupWrites(string name, bool accepted) =>
        Assert.Equal(accepted, BackupEntryNames.Refusal(name) is null);

    private static string RandomText(int length) => Convert.ToBase64String(RandomNumberGenerator.GetBytes(length))[..length];
}
