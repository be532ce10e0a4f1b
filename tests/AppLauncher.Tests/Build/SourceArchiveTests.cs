using System.Formats.Tar;
using System.Text;
using AppLauncher.Build;

namespace AppLauncher.Tests.Build;

public sealed class SourceArchiveTests
{
    private static MemoryStream Tar(params (string Path, string Text, UnixFileMode Mode)[] files)
    {
        var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "src/"));
            foreach (var (path, text, mode) in files)
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { Mode = mode, DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) });
            }
        }

        stream.Position = 0;
        return stream;
    }

    [Fact]
    public async Task ReadAsync_RegularFiles_FormTheTree()
    {
        var archive = await SourceArchive.ReadAsync(Tar(("package.json", "{}", UnixFileMode.UserRead), ("src/a.js", "x", UnixFileMode.UserRead)), 1024, default);

        Assert.Equal(["package.json", "src/a.js"], archive.Tree.Files.Order());
        Assert.Equal("{}", archive.Tree.ReadText("package.json"));
    }

    [Fact]
    public async Task ReadAsync_EmptyFile_IsPartOfTheTree()
    {
        var archive = await SourceArchive.ReadAsync(Tar(("pkg/__init__.py", "", UnixFileMode.UserRead), ("app.py", "x", UnixFileMode.UserRead)), 1024, default);

        Assert.True(archive.Tree.Exists("pkg/__init__.py"));
        Assert.Equal("", archive.Tree.ReadText("pkg/__init__.py"));
    }

    [Fact]
    public async Task ReadAsync_LargerThanTheLimit_Throws()
    {
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => SourceArchive.ReadAsync(Tar(("big", new string('x', 2048), UnixFileMode.UserRead)), 1024, default));

        Assert.Contains("keep build outputs and dependencies out of git", e.Message);
    }

    [Fact]
    public async Task WriteContextAsync_KeepsModesAndAddsExtraFiles()
    {
        var executable = UnixFileMode.UserRead | UnixFileMode.UserExecute;
        var archive = await SourceArchive.ReadAsync(Tar(("run.sh", "#!/bin/sh", executable), (".launcher/Dockerfile", "user's", UnixFileMode.UserRead)), 1024, default);
        using var context = new MemoryStream();

        await archive.WriteContextAsync(context, new Dictionary<string, byte[]> { [".launcher/Dockerfile"] = "FROM x"u8.ToArray() }, default);

        context.Position = 0;
        var entries = new Dictionary<string, (UnixFileMode Mode, string Text)>();
        using var reader = new TarReader(context);
        while (reader.GetNextEntry() is { } entry)
        {
            using var text = new StreamReader(entry.DataStream!);
            entries[entry.Name] = (entry.Mode, text.ReadToEnd());
        }

        Assert.Equal(executable, entries["run.sh"].Mode);
        Assert.Equal("FROM x", entries[".launcher/Dockerfile"].Text);
        Assert.Equal(2, entries.Count);
    }
}
