using AppLauncher.Security;

namespace AppLauncher.Tests.Security;

public sealed class OwnerOnlyFilesTests : IDisposable
{
    private const UnixFileMode Owner = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly TempDirectory _dir = new();

    [Fact]
    public void Create_FileHasMode0600WhileItIsBeingWritten()
    {
        var path = Path.Combine(_dir.Path, "secret");
        UnixFileMode? whileWriting = null;

        OwnerOnlyFiles.Create(path, stream =>
        {
            whileWriting = File.GetUnixFileMode(path);
            stream.Write("hush"u8);
        });

        Assert.Equal(Owner, whileWriting);
        Assert.Equal(Owner, File.GetUnixFileMode(path));
        Assert.Equal("hush", File.ReadAllText(path));
    }

    [Fact]
    public void WriteAllText_OverAWorldReadableFile_ReplacesItWithA0600FileAndLeavesNoTemporary()
    {
        var path = Path.Combine(_dir.Path, "admin-token");
        File.WriteAllText(path, "old\n");
        File.SetUnixFileMode(path, Owner | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        OwnerOnlyFiles.WriteAllText(path, "new\n");

        Assert.Equal("new\n", File.ReadAllText(path));
        Assert.Equal(Owner, File.GetUnixFileMode(path));
        Assert.Equal([path], Directory.GetFiles(_dir.Path));
    }

    [Fact]
    public void CreateOrNarrowDirectory_NewAndWorldReadable_BothEndAt0700()
    {
        var fresh = Path.Combine(_dir.Path, "a", "data");
        var old = Path.Combine(_dir.Path, "old");
        Directory.CreateDirectory(old);
        File.SetUnixFileMode(old, OwnerOnlyFiles.DirectoryMode | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        OwnerOnlyFiles.CreateOrNarrowDirectory(fresh);
        OwnerOnlyFiles.CreateOrNarrowDirectory(old);

        Assert.Equal(OwnerOnlyFiles.DirectoryMode, File.GetUnixFileMode(fresh));
        Assert.Equal(OwnerOnlyFiles.DirectoryMode, File.GetUnixFileMode(old));
    }

    public void Dispose() => _dir.Dispose();
}
