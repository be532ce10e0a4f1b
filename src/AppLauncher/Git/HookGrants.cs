using System.Collections.Concurrent;
using System.Security.Cryptography;
using AppLauncher.Security;

namespace AppLauncher.Git;

/// <summary>
/// One-time credentials for the pre-receive hook: each push to <c>git-receive-pack</c> gets a random token, valid for
/// that app and only while that push runs. The hook reads it from a 0600 file in the repository (curl's
/// <c>--header @file</c>), so it is never on a command line or in an environment another user could read; the
/// environment carries only the file's path.
/// </summary>
internal sealed class HookGrants
{
    /// <summary>The environment variable naming the header file, for the hook.</summary>
    public const string HeaderFileVariable = "LAUNCHER_HOOK_HEADER_FILE";

    private readonly ConcurrentDictionary<Guid, (string App, string Token, string? Actor, string? Team)> _active = new();

    /// <summary>Number of pushes running now (each holds one grant).</summary>
    public int ActiveCount => _active.Count;

    /// <summary>Mints a token for one push to <paramref name="app"/> and writes its header file into <paramref name="repository"/>.</summary>
    /// <remarks><paramref name="actor"/> is who the push authenticated as; <paramref name="team"/> the team a new app is created in.</remarks>
    public Grant Issue(string app, string repository, string? actor = null, string? team = null)
    {
        var id = Guid.NewGuid();
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var file = Path.Combine(repository, $"launcher-hook-{id:N}.header");
        OwnerOnlyFiles.Create(file, stream =>
        {
            using var writer = new StreamWriter(stream);
            writer.Write($"Authorization: Bearer {token}\n");
        });
        _active[id] = (app, token, actor, team);
        return new Grant(this, id, file);
    }

    /// <summary>True when <paramref name="presented"/> is the token of a push to <paramref name="app"/> that is running now.</summary>
    public bool Authorizes(string app, string? presented) => Find(app, presented) is not null;

    /// <summary>The push <paramref name="presented"/> belongs to (who made it, and the team of a new app), or null.</summary>
    public (string? Actor, string? Team)? Find(string app, string? presented)
    {
        (string? Actor, string? Team)? found = null;
        foreach (var (grantApp, token, actor, team) in _active.Values)
        {
            // Every grant is compared, so the time taken does not say which one (or whether any) matched.
            if (SecretComparer.Matches(presented, token) & string.Equals(grantApp, app, StringComparison.Ordinal))
            {
                found = (actor, team);
            }
        }

        return found;
    }

    /// <summary>A push's token: revoked, and its file removed, when the push ends.</summary>
    public sealed class Grant(HookGrants owner, Guid id, string file) : IDisposable
    {
        public string HeaderFile { get; } = file;

        public void Dispose()
        {
            owner._active.TryRemove(id, out _);
            File.Delete(HeaderFile);
        }
    }
}
