using System.Diagnostics;

namespace AppLauncher.Git;

/// <summary>Reads one file of a commit in a bare repository (<c>git show commit:path</c>).</summary>
internal static class GitCommitFile
{
    /// <summary>The file's text, or null when the commit has no such file (or the repository no such commit).</summary>
    public static async Task<string?> ReadAsync(string repository, string commit, string path, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(repository))
        {
            return null;
        }

        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--git-dir", repository, "show", $"{commit}:{path}" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start git");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        _ = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode == 0 ? await output : null;
    }
}
