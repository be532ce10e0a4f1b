using System.Diagnostics;

namespace AppLauncher.Remote;

/// <summary>
/// A commit of the app's repository as the tar a push's hook sends (<c>git archive --format=tar</c>), streamed from the
/// git binary, so a fetched commit reaches <see cref="Deploy.DeployService"/> exactly as a pushed one does.
/// </summary>
internal static class SourceTar
{
    /// <summary>Runs <paramref name="use"/> on the commit's tar (a git failure shows as a truncated archive, which the deploy refuses and reports).</summary>
    public static async Task<T> UseAsync<T>(string repository, string commit, Func<Stream, Task<T>> use)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--git-dir", repository, "archive", "--format=tar", commit })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start git");
        _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            return await use(process.StandardOutput.BaseStream);
        }
        finally
        {
            // The deploy may stop reading early (a refused archive): do not leave git blocked on a full pipe.
            if (!process.HasExited)
            {
                process.Kill();
            }

            await process.WaitForExitAsync(CancellationToken.None);
        }
    }
}
