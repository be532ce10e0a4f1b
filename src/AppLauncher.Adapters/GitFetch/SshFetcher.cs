using System.Diagnostics;

namespace AppLauncher.GitFetch;

/// <summary>
/// Fetches an <c>ssh://</c> or <c>git@host:path</c> remote with the git binary and OpenSSH, since LibGit2Sharp 0.32's
/// native build here has no SSH transport. The deploy key is written to a 0600 file in a private temporary folder for
/// the one fetch (deleted after, whatever happens); the host key is checked against the pinned one
/// (<c>StrictHostKeyChecking=yes</c>), or, when none is pinned yet, accepted on first use and returned so the caller
/// pins it. No user or system ssh configuration is read. Same refs and result as <see cref="RemoteFetcher"/>.
/// </summary>
internal static class SshFetcher
{
    private const string LocalPrefix = "refs/remotes/launcher/";

    public static async Task<FetchResult> FetchAsync(string repository, string url, RemoteCredentials credentials, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("launcher-ssh-");
        try
        {
            var keyFile = Path.Combine(folder.FullName, "key");
            var knownHosts = Path.Combine(folder.FullName, "known_hosts");
            await WritePrivateAsync(keyFile, credentials.Secret, cancellationToken);
            // One pinned key for this remote's file, whatever name or port the URL gives the host.
            await WritePrivateAsync(knownHosts, credentials.HostKey is { } pinned ? $"* {pinned}\n" : "", cancellationToken);
            var ssh = $"ssh -F /dev/null -i '{keyFile}' -o IdentitiesOnly=yes -o BatchMode=yes -o UserKnownHostsFile='{knownHosts}' -o GlobalKnownHostsFile=/dev/null " +
                $"-o StrictHostKeyChecking={(credentials.HostKey is null ? "accept-new" : "yes")} -o ConnectTimeout={Math.Max(1, (int)timeout.TotalSeconds)}";
            var env = new Dictionary<string, string> { ["GIT_SSH_COMMAND"] = ssh, ["GIT_TERMINAL_PROMPT"] = "0" };

            var fetch = await GitAsync(["--git-dir", repository, "fetch", "--prune", "--no-tags", "--quiet", "--", url,
                "+refs/heads/*:refs/remotes/launcher/heads/*", "+refs/tags/*:refs/remotes/launcher/tags/*"], env, timeout, cancellationToken);
            if (fetch is null)
            {
                throw new RemoteFetchException($"fetching {url} took longer than {timeout.TotalSeconds:0} s: check that the server answers, or raise remotes.fetchTimeoutSeconds");
            }

            if (fetch.Value.ExitCode != 0)
            {
                throw new RemoteFetchException($"cannot fetch {url}: {Describe(fetch.Value.Errors, credentials.HostKey)}");
            }

            var learned = credentials.HostKey is null ? Learned(await File.ReadAllTextAsync(knownHosts, cancellationToken)) : null;
            var list = await GitAsync(["--git-dir", repository, "for-each-ref", "--format=%(refname) %(objecttype) %(objectname) %(*objecttype) %(*objectname)", LocalPrefix],
                env, timeout, cancellationToken);
            var refs = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var line in (list?.Output ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                // An annotated tag names the commit it peels to; anything that is not a commit in the end is no deploy.
                var fields = line.Split(' ');
                var commit = fields switch
                {
                    [_, "commit", var id, ..] => id,
                    [_, "tag", _, "commit", var peeled] => peeled,
                    _ => null,
                };
                if (commit is not null)
                {
                    refs["refs/" + fields[0][LocalPrefix.Length..]] = commit;
                }
            }

            return new FetchResult(refs, learned);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The key ssh wrote on first use, from the known_hosts line it appended.</summary>
    private static SshHostKey? Learned(string knownHosts) =>
        knownHosts.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => SshHostKey.Parse(l).Key).FirstOrDefault(k => k is not null);

    private static string Describe(string errors, SshHostKey? pinned)
    {
        var text = string.Join(" ", errors.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).Where(l => l.Length > 0).TakeLast(4));
        return text switch
        {
            _ when text.Contains("Host key verification failed", StringComparison.Ordinal) || text.Contains("REMOTE HOST IDENTIFICATION HAS CHANGED", StringComparison.Ordinal) =>
                $"the server's host key is not the pinned one ({pinned?.Type} {pinned?.Fingerprint}): nothing was fetched. If the server's key really changed, connect again with --host-key '<its new public key>'",
            _ when text.Contains("Permission denied", StringComparison.Ordinal) =>
                $"{text} (the server refused the deploy key: add its public key to the repository as a deploy key with read access)",
            _ when text.Contains("Connection refused", StringComparison.Ordinal) || text.Contains("Could not resolve", StringComparison.Ordinal) || text.Contains("timed out", StringComparison.Ordinal) =>
                $"{text} (check the host and port in the URL, and that the server answers)",
            _ when text.Contains("does not appear to be a git repository", StringComparison.Ordinal) || text.Contains("not found", StringComparison.OrdinalIgnoreCase) =>
                $"{text} (check the repository path in the URL)",
            "" => "git fetch failed without saying why",
            _ => text,
        };
    }

    private static async Task WritePrivateAsync(string path, string text, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
        await using var file = new FileStream(path, options);
        await file.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text), cancellationToken);
    }

    private static async Task<(int ExitCode, string Output, string Errors)?> GitAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string> env, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in env)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new RemoteFetchException("could not start git");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timer.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            return null;
        }

        return (process.ExitCode, await output, await errors);
    }
}
