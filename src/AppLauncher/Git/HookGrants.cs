using System.Collections.Concurrent;
using System.Security.Cryptography;
using AppLauncher.Security;

namespace AppLauncher.Git;

/// <summary>
/// One-time credentials for the pre-receive hook: each push to <c>git-receive-pack</c> gets a random token, valid for
/// that app and only while that push runs. The hook reads it from a 0600 file in the repository (curl's
/// <c>--header @file</c>), so it is never on a command line or in an environment another user could read; the
/// environment carries only the file's path. Each push also gets a random result nonce (in a second 0600 file): the
/// server ends its answer with <c>launcher-result: &lt;nonce&gt; ok</c>, and nothing a build or an app prints can
/// know it, so no output can pass for the server's verdict.
/// </summary>
internal sealed class HookGrants
{
    /// <summary>The environment variable naming the header file, for the hook.</summary>
    public const string HeaderFileVariable = "LAUNCHER_HOOK_HEADER_FILE";

    /// <summary>The environment variable naming the file that holds this push's result nonce, for the hook.</summary>
    public const string NonceFileVariable = "LAUNCHER_HOOK_NONCE_FILE";

    private readonly ConcurrentDictionary<Guid, ActivePush> _active = new();

    /// <summary>Number of pushes running now (each holds one grant).</summary>
    public int ActiveCount => _active.Count;

    /// <summary>Mints a token for one push to <paramref name="app"/> and writes its header file into <paramref name="repository"/>.</summary>
    /// <remarks><paramref name="actor"/> is who the push authenticated as; <paramref name="team"/> the team a new app is created in.</remarks>
    public Grant Issue(string app, string repository, string? actor = null, string? team = null)
    {
        var id = Guid.NewGuid();
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var file = Path.Combine(repository, $"launcher-hook-{id:N}.header");
        var nonceFile = Path.Combine(repository, $"launcher-hook-{id:N}.nonce");
        OwnerOnlyFiles.Create(file, stream =>
        {
            using var writer = new StreamWriter(stream);
            writer.Write($"Authorization: Bearer {token}\n");
        });
        OwnerOnlyFiles.Create(nonceFile, stream =>
        {
            using var writer = new StreamWriter(stream);
            writer.Write($"{nonce}\n");
        });
        _active[id] = new ActivePush(app, token, nonce, actor, team);
        return new Grant(this, id, file, nonceFile);
    }

    /// <summary>True when <paramref name="presented"/> is the token of a push to <paramref name="app"/> that is running now.</summary>
    public bool Authorizes(string app, string? presented) => Find(app, presented) is not null;

    /// <summary>
    /// The running push to <paramref name="app"/> whose token is <paramref name="presented"/> (its result nonce, who made
    /// it, and the team of a new app); null when there is none (the caller is not the hook of a running push).
    /// </summary>
    public ActivePush? Find(string app, string? presented)
    {
        ActivePush? found = null;
        foreach (var push in _active.Values)
        {
            // Every grant is compared, so the time taken does not say which one (or whether any) matched.
            var matches = SecretComparer.Matches(presented, push.Token) & string.Equals(push.App, app, StringComparison.Ordinal);
            found = matches ? push : found;
        }

        return found;
    }

    /// <summary>A push that holds a grant: its app, hook token, result nonce, who authenticated, and the team of a new app.</summary>
    internal sealed record ActivePush(string App, string Token, string Nonce, string? Actor, string? Team);

    /// <summary>A push's token: revoked, and its file removed, when the push ends.</summary>
    public sealed class Grant(HookGrants owner, Guid id, string file, string nonceFile) : IDisposable
    {
        public string HeaderFile { get; } = file;

        public string NonceFile { get; } = nonceFile;

        public void Dispose()
        {
            owner._active.TryRemove(id, out _);
            File.Delete(HeaderFile);
            File.Delete(NonceFile);
        }
    }
}
