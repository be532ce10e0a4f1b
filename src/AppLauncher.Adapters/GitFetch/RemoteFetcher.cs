using LibGit2Sharp;

namespace AppLauncher.GitFetch;

/// <summary>
/// Fetches a remote repository into an app's own bare repository with LibGit2Sharp: every branch to
/// <c>refs/remotes/launcher/heads/*</c> and every tag to <c>refs/remotes/launcher/tags/*</c> (so pushed branches and
/// fetched ones never mix), pruning what the remote deleted. Returns the remote's refs (<c>refs/heads/main</c>,
/// <c>refs/tags/v1</c>) with the commit each names (annotated tags peeled). Failures become a
/// <see cref="RemoteFetchException"/> naming the remote and the reason.
/// </summary>
public sealed class RemoteFetcher
{
    private const string RemoteName = "launcher";
    private const string HeadsSpec = "+refs/heads/*:refs/remotes/launcher/heads/*";
    private const string TagsSpec = "+refs/tags/*:refs/remotes/launcher/tags/*";
    private const string LocalPrefix = "refs/remotes/launcher/";

    /// <summary>The remote's refs after the fetch (full ref → commit id); for SSH, also a host key trusted on first use.</summary>
    public async Task<FetchResult> FetchAsync(string repository, string url, RemoteCredentials? credentials, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (Core.Remotes.RemoteUrl.IsSsh(url))
        {
            // LibGit2Sharp 0.32's native build has no SSH transport and no SSH key credential: git and OpenSSH fetch these.
            return credentials is { Kind: "ssh-key" }
                ? await SshFetcher.FetchAsync(repository, url, credentials, timeout, cancellationToken)
                : throw new RemoteFetchException($"cannot fetch {url}: an ssh:// remote signs in with a deploy key; connect again with --deploy-key FILE (or use the https:// URL with --credentials token:<token>)");
        }

        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        var stop = timer.Token;
        var work = Task.Run(() => Fetch(repository, url, credentials, stop), CancellationToken.None);
        try
        {
            return new FetchResult(await work.WaitAsync(stop));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RemoteFetchException($"fetching {url} took longer than {timeout.TotalSeconds:0} s: check that the server answers, or raise remotes.fetchTimeoutSeconds");
        }
    }

    private static Dictionary<string, string> Fetch(string path, string url, RemoteCredentials? credentials, CancellationToken stop)
    {
        try
        {
            using var repo = new Repository(path);
            if (repo.Network.Remotes[RemoteName] is { } existing && (existing.Url != url || existing.FetchRefSpecs.Count() != 2))
            {
                repo.Network.Remotes.Remove(RemoteName);
            }

            if (repo.Network.Remotes[RemoteName] is null)
            {
                repo.Network.Remotes.Add(RemoteName, url, HeadsSpec);
                repo.Network.Remotes.Update(RemoteName, r => r.FetchRefSpecs.Add(TagsSpec));
            }

            var options = new FetchOptions
            {
                Prune = true,
                TagFetchMode = TagFetchMode.None,
                OnTransferProgress = _ => !stop.IsCancellationRequested,
                OnProgress = _ => !stop.IsCancellationRequested,
                CredentialsProvider = credentials is { Kind: "token" or "basic" } c
                    ? (_, _, _) => new UsernamePasswordCredentials { Username = c.User, Password = c.Secret }
                    : null,
            };
            Commands.Fetch(repo, RemoteName, [HeadsSpec, TagsSpec], options, "launcher: fetch");

            var refs = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var reference in repo.Refs.Where(r => r.CanonicalName.StartsWith(LocalPrefix, StringComparison.Ordinal)))
            {
                if (reference.ResolveToDirectReference()?.Target?.Peel<Commit>() is { } commit)
                {
                    refs["refs/" + reference.CanonicalName[LocalPrefix.Length..]] = commit.Sha;
                }
            }

            return refs;
        }
        catch (LibGit2SharpException e)
        {
            throw new RemoteFetchException(stop.IsCancellationRequested ? $"fetching {url} was stopped" : $"cannot fetch {url}: {Describe(e)}");
        }
    }

    private static string Describe(LibGit2SharpException e) => e.Message switch
    {
        var m when m.Contains("401", StringComparison.Ordinal) || m.Contains("authentication", StringComparison.OrdinalIgnoreCase) =>
            $"{m} (the server refused the credentials: check the token's access, or connect again with --credentials)",
        var m when m.Contains("403", StringComparison.Ordinal) => $"{m} (the credentials have no read access to this repository)",
        var m when m.Contains("404", StringComparison.Ordinal) || m.Contains("not found", StringComparison.OrdinalIgnoreCase) => $"{m} (check the repository URL)",
        var m => m,
    };
}
