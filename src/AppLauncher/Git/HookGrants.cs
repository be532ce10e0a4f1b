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

    private readonly ConcurrentDictionary<Guid, (string App, string Token, string Nonce)> _active = new();

    /// <summary>Number of pushes running now (each holds one grant).</summary>
    public int ActiveCount => _active.Count;

    /// <summary>Mints a token for one push to <paramref name="app"/> and writes its header file into <paramref name="repository"/>.</summary>
    public Grant Issue(string app, string repository)
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
        _active[id] = (app, token, nonce);
        return new Grant(this, id, file, nonceFile);
    }

    /// <summary>
    /// The result nonce of the running push to <paramref name="app"/> whose token is <paramref name="presented"/>; null
    /// when there is none (the caller is not the hook of a running push).
    /// </summary>
    public string? ResultNonceOf(string app, string? presented)
    {
        string? nonce = null;
        foreach (var (grantApp, token, grantNonce) in _active.Values)
        {
            // Every grant is compared, so the time taken does not say which one (or whether any) matched.
            var matches = SecretComparer.Matches(presented, token) & string.Equals(grantApp, app, StringComparison.Ordinal);
            nonce = matches ? grantNonce : nonce;
        }

        return nonce;
    }

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
