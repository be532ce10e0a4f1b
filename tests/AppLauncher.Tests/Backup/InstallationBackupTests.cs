using System.Diagnostics;
using System.Text.Json;
using AppLauncher.Backup;
using AppLauncher.Security;
using AppLauncher.Store;

namespace AppLauncher.Tests.Backup;

/// <summary>A backup of a real SQLite store and a real git repository, read back by the restore's reader.</summary>
public sealed class InstallationBackupTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Git(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', args)}: {process.StandardError.ReadToEnd()}");
        return output.Trim();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WriteAsync_StoreAndRepositories_ReadBackWhole(bool includeKey)
    {
        var data = Path.Combine(_temp.Path, "data");
        Directory.CreateDirectory(data);
        var secrets = new SecretBox(Path.Combine(data, SecretBox.KeyFileName));
        var store = StoreFactory.CreateSqlite(Path.Combine(data, StoreFactory.DatabaseFile), secrets);
        await store.MigrateAsync(default);
        await store.EnsureAppAsync("bk-hello", DateTimeOffset.UnixEpoch, default);
        await store.EnsureAppAsync("bk-empty", DateTimeOffset.UnixEpoch, default);
        await store.ChangeConfigAsync("bk-hello", new Dictionary<string, Core.Apps.ConfigValue> { ["TOKEN"] = new("s3cret", true) }, [], "test", DateTimeOffset.UnixEpoch, default);

        var repositories = Path.Combine(data, "repositories");
        Git(_temp.Path, "init", "--bare", "--quiet", Path.Combine(repositories, "bk-hello.git"));
        Git(_temp.Path, "init", "--bare", "--quiet", Path.Combine(repositories, "bk-empty.git"));
        var work = Path.Combine(_temp.Path, "work");
        Git(_temp.Path, "init", "--quiet", "--initial-branch=main", work);
        File.WriteAllText(Path.Combine(work, "app.py"), "print('hi')\n");
        Git(work, "add", "-A");
        Git(work, "-c", "user.name=t", "-c", "user.email=t@localhost", "commit", "--quiet", "-m", "first");
        var commit = Git(work, "rev-parse", "HEAD");
        Git(work, "push", "--quiet", Path.Combine(repositories, "bk-hello.git"), "main");

        var archive = new MemoryStream();
        var progress = new List<string>();
        await InstallationBackup.WriteAsync(store, repositories, includeKey ? secrets.KeyPath : null, "inst1", "sqlite", DateTimeOffset.UnixEpoch, archive,
            line => { progress.Add(line); return Task.CompletedTask; }, default);
        archive.Position = 0;
        var staging = Path.Combine(_temp.Path, "staging");
        var manifest = await BackupArchiveReader.ReadAsync(archive, staging, int.MaxValue, BackupLimits.Default, default);

        // The repository with no commit has nothing to bundle; the other comes back with its commit.
        string[] expected = includeKey
            ? [BackupEntryNames.Store, "repositories/bk-hello.bundle", BackupEntryNames.Key]
            : [BackupEntryNames.Store, "repositories/bk-hello.bundle"];
        Assert.Equal(expected, manifest.Entries.Select(e => e.Name));
        Assert.Equal(includeKey, manifest.KeyIncluded);
        Assert.Equal("inst1", manifest.InstallationId);
        Assert.Contains("repositories: 2/2 (bk-hello)", progress);
        var restored = Path.Combine(_temp.Path, "restored.git");
        Git(_temp.Path, "clone", "--mirror", "--quiet", Path.Combine(staging, "repositories", "bk-hello.bundle"), restored);
        Assert.Equal(commit, Git(restored, "rev-parse", "main"));

        // The dump imports into a fresh store, and the sealed value opens under the same key.
        var dump = JsonSerializer.Deserialize<StoreDump>(File.ReadAllBytes(Path.Combine(staging, BackupEntryNames.Store)))!;
        Assert.True(manifest.SchemaVersion > 0);
        Assert.Equal(manifest.SchemaVersion, dump.SchemaVersion);
        var fresh = StoreFactory.CreateSqlite(Path.Combine(_temp.Path, "fresh.db"), secrets);
        await fresh.MigrateAsync(default);
        await fresh.ImportAsync(dump, default);
        Assert.Equal(["bk-empty", "bk-hello"], (await fresh.ListAppsAsync(default)).Select(a => a.Name));
        Assert.Equal("s3cret", Assert.Single(await fresh.ListConfigAsync("bk-hello", default)).Value);
    }
}
