using System.Formats.Tar;
using System.Text;
using AppLauncher.Build;
using AppLauncher.Core.Build;

namespace AppLauncher.Tests.Build;

/// <summary>
/// The build context a push sends, against the one the real Docker CLI sends for the same folder and .dockerignore:
/// both are copied into an image (FROM scratch, COPY . /ctx/) and the file lists must be the same.
/// </summary>
public sealed class DockerIgnoreConformanceTests
{
    private static readonly string[] Files =
    [
        "package.json", "server.js", "README.md", "README-secret.md", "CHANGELOG.md", "docs/guide.md", "docs/keep.md",
        "node_modules/left-pad/index.js", "src/node_modules/x.js", "src/app.js", "src/app.test.js", "dist/bundle.js",
        "dist/keep.txt", ".env", ".env.example", "temp.txt", "logs/temporary.log", "a/b/temp.txt", "data/x/y/z.csv", "b.txt", "d.txt",
    ];

    private const string Ignore =
        "# local files\n" +
        "*.md\n!README*.md\nREADME-secret.md\n" +
        "docs\n!docs/keep.md\n" +
        "**/node_modules\n" +
        "/dist/\n!dist/keep.txt\n" +
        ".env*\n!.env.example\n" +
        "*/temp*\n" +
        "data/**/*.csv\n" +
        "[a-c].txt\n" +
        "**/*.test.js\n";

    [Fact]
    public async Task WriteContextAsync_DockerIgnore_LeavesOutWhatTheDockerCliLeavesOut()
    {
        using var dir = new TempDirectory();
        var context = Path.Combine(dir.Path, "context");
        foreach (var file in Files.Append(DockerIgnore.FileName))
        {
            var path = Path.Combine(context, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, file == DockerIgnore.FileName ? Ignore : file);
        }

        await File.WriteAllTextAsync(Path.Combine(dir.Path, "Dockerfile"), "FROM scratch\nCOPY . /ctx/\n");

        var docker = await ContextDockerSendsAsync(dir.Path, context);
        var ours = await ContextWeSendAsync();

        Assert.Equal(docker, ours);
        // The table above is not vacuous: files were left out and exceptions brought some back.
        Assert.DoesNotContain("node_modules/left-pad/index.js", ours);
        Assert.Contains("docs/keep.md", ours);
        Assert.Contains("README.md", ours);
        Assert.True(ours.Count < Files.Length / 2 + 2, string.Join(", ", ours));
    }

    private static async Task<List<string>> ContextWeSendAsync()
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var file in Files.Append(DockerIgnore.FileName))
            {
                var text = file == DockerIgnore.FileName ? Ignore : file;
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, file) { Mode = UnixFileMode.UserRead, DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) });
            }
        }

        tar.Position = 0;
        var archive = await SourceArchive.ReadAsync(tar, 1 << 20, default);
        var (ignore, error) = DockerIgnore.Parse(archive.Tree.ReadText(DockerIgnore.FileName));
        Assert.True(ignore is not null, error);
        using var context = new MemoryStream();

        var ignored = await archive.WriteContextAsync(context, new Dictionary<string, byte[]>(), default, ignore: ignore);

        context.Position = 0;
        var names = new List<string>();
        using var reader = new TarReader(context);
        while (reader.GetNextEntry() is { } entry)
        {
            names.Add(entry.Name);
        }

        Assert.Equal(Files.Length + 1 - names.Count, ignored);
        return [.. names.Order(StringComparer.Ordinal)];
    }

    private static async Task<List<string>> ContextDockerSendsAsync(string dir, string context)
    {
        var tag = "launcher-test/dockerignore:" + Guid.NewGuid().ToString("N")[..12];
        var env = new Dictionary<string, string> { ["DOCKER_BUILDKIT"] = "0" };
        var build = await ProcessRunner.RunAsync("docker", ["build", "-q", "-t", tag, "-f", Path.Combine(dir, "Dockerfile"), context], dir, env, TimeSpan.FromMinutes(2));
        Assert.True(build.ExitCode == 0, build.ToString());
        try
        {
            var list = await ProcessRunner.RunAsync(
                "sh", ["-c", $"id=$(docker create {tag} /none) && docker export \"$id\" | tar -t; s=$?; docker rm \"$id\" >/dev/null; exit $s"], dir, timeout: TimeSpan.FromMinutes(1));
            Assert.True(list.ExitCode == 0, list.ToString());
            return [.. list.Output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Where(l => l.StartsWith("ctx/", StringComparison.Ordinal) && !l.EndsWith('/'))
                .Select(l => l["ctx/".Length..])
                .Order(StringComparer.Ordinal)];
        }
        finally
        {
            await ProcessRunner.RunAsync("docker", ["rmi", "-f", tag], dir);
        }
    }
}
