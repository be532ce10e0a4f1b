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
        _ = process.StandardError.ReadToEndAsync(cancellationToken);
        // A commit is someone's input: read at most one character past the parsers' limit, which then refuse the file by its size.
        var buffer = new char[Core.Parsing.ParseLimits.MaxFileBytes + 1];
        var read = 0;
        while (read < buffer.Length && await process.StandardOutput.ReadAsync(buffer.AsMemory(read), cancellationToken) is var n and > 0)
        {
            read += n;
        }

        if (!process.HasExited && read == buffer.Length)
        {
            process.Kill();
        }

        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode == 0 || read == buffer.Length ? new string(buffer, 0, read) : null;
    }
}
