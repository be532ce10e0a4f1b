using System.Diagnostics;
using System.Text.Json;
using AppLauncher.Store;

namespace AppLauncher.Backup;

/// <summary>
/// Writes an installation's backup archive: the store's dump (one consistent snapshot), then a git bundle of each app the
/// dump names, then the secrets key when asked, then the manifest. The dump is taken first: a push during the backup can
/// only add commits to a bundle beyond what the dump's revisions need, never take one away (git objects are append-only).
/// </summary>
public static class InstallationBackup
{
    public static async Task WriteAsync(IStore store, string repositoriesRoot, string? keyPath, string installationId, string storeProvider, DateTimeOffset now,
        Stream output, Func<string, Task> progress, CancellationToken cancellationToken)
    {
        var dump = await store.ExportAsync(cancellationToken);
        await using var writer = new BackupArchiveWriter(output);
        using (var json = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(dump)))
        {
            await writer.AddAsync(BackupEntryNames.Store, json, cancellationToken);
        }

        await progress($"store: {dump.RowCount} rows in {dump.Tables.Count} tables");
        var apps = AppsOf(dump);
        var done = 0;
        foreach (var app in apps)
        {
            var repository = Path.Combine(repositoriesRoot, app + ".git");
            var bundle = Path.Combine(Path.GetTempPath(), $"launcher-backup-{Guid.NewGuid():n}.bundle");
            try
            {
                if (Directory.Exists(repository) && await BundleAsync(repository, bundle, cancellationToken))
                {
                    await using var file = File.OpenRead(bundle);
                    await writer.AddAsync(BackupEntryNames.Bundle(app), file, cancellationToken);
                }
            }
            finally
            {
                File.Delete(bundle);
            }

            await progress($"repositories: {++done}/{apps.Count} ({app})");
        }

        if (keyPath is not null && File.Exists(keyPath))
        {
            await using var key = File.OpenRead(keyPath);
            await writer.AddAsync(BackupEntryNames.Key, key, cancellationToken);
        }

        var keyIncluded = writer.Entries.Any(e => e.Name == BackupEntryNames.Key);
        await writer.FinishAsync(new BackupManifest(BackupManifest.FormatVersion, installationId, dump.SchemaVersion, now, storeProvider, keyIncluded, []), cancellationToken);
    }

    /// <summary>The apps the dump's <c>apps</c> table names.</summary>
    private static List<string> AppsOf(StoreDump dump)
    {
        var apps = dump.Tables.FirstOrDefault(t => t.Name == "apps");
        var name = apps?.Columns.ToList().IndexOf("name") ?? -1;
        return apps is null || name < 0 ? [] : [.. apps.Rows.Select(r => r[name].GetString()).OfType<string>().Order(StringComparer.Ordinal)];
    }

    /// <summary>Bundles every ref of the repository; false for a repository with no commit yet (git bundles nothing then).</summary>
    private static async Task<bool> BundleAsync(string repository, string bundle, CancellationToken cancellationToken)
    {
        var (refs, _) = await GitAsync(["--git-dir", repository, "for-each-ref"], cancellationToken);
        if (refs.Length == 0)
        {
            return false;
        }

        var (_, exit) = await GitAsync(["--git-dir", repository, "bundle", "create", "--quiet", bundle, "--all"], cancellationToken);
        return exit == 0 ? true : throw new IOException($"git bundle of {repository} failed (exit {exit}): check the repository with 'git fsck'.");
    }

    private static async Task<(string Output, int Exit)> GitAsync(string[] args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new IOException("could not start git");
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        await error;
        return (output.Trim(), process.ExitCode);
    }
}
