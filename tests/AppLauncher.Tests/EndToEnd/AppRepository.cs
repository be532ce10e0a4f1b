namespace AppLauncher.Tests.EndToEnd;

/// <summary>A working copy of a sample app with its own git history, pushed with the real git binary.</summary>
internal sealed class AppRepository : IDisposable
{
    private readonly TempDirectory _dir = new();

    private AppRepository()
    {
    }

    public string Path => _dir.Path;

    public static async Task<AppRepository> FromSampleAsync(string sample)
    {
        var repo = new AppRepository();
        var source = System.IO.Path.Combine(RepositoryRoot.Path, "samples", sample);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(repo.Path, System.IO.Path.GetRelativePath(source, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        await repo.GitAsync("init", "-q", "-b", "main");
        await repo.CommitAsync("initial");
        return repo;
    }

    public async Task WriteAndCommitAsync(string file, string content, string message)
    {
        await File.WriteAllTextAsync(System.IO.Path.Combine(Path, file), content);
        await CommitAsync(message);
    }

    public async Task ReplaceAndCommitAsync(string file, string from, string to, string message)
    {
        var path = System.IO.Path.Combine(Path, file);
        var text = await File.ReadAllTextAsync(path);
        Assert.Contains(from, text);
        await File.WriteAllTextAsync(path, text.Replace(from, to, StringComparison.Ordinal));
        await CommitAsync(message);
    }

    public Task<ProcessRunner.Result> PushAsync(string url) => GitAsync("push", url, "main");

    public Task<ProcessRunner.Result> GitAsync(params string[] args) =>
        ProcessRunner.RunAsync("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com", .. args], Path);

    private async Task CommitAsync(string message)
    {
        await GitAsync("add", "-A");
        var result = await GitAsync("commit", "-q", "-m", message);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    public void Dispose() => _dir.Dispose();
}
