namespace AppLauncher.GitFetch;

/// <summary>
/// How AppLauncher signs in to a remote, in the one text form that is sealed in the store: <c>token:&lt;token&gt;</c> (sent as
/// the password, as GitHub, GitLab and Gitea take access tokens), <c>basic:&lt;user&gt;:&lt;password&gt;</c>, or
/// <c>ssh-key:&lt;private key&gt;</c> (a deploy key), followed by <c>\nhost-key:&lt;type&gt; &lt;base64&gt;</c> once the
/// server's host key is pinned (given at connect, or trusted on the first fetch).
/// </summary>
public sealed record RemoteCredentials(string Kind, string User, string Secret, SshHostKey? HostKey = null)
{
    private const string HostKeyMarker = "\nhost-key:";

    /// <summary>The sealed text of a deploy key and its pinned host key.</summary>
    public static string SshKey(string privateKey, SshHostKey? hostKey) =>
        "ssh-key:" + privateKey.TrimEnd('\n') + "\n" + (hostKey is null ? "" : HostKeyMarker[1..] + hostKey);

    public const int MaxLength = 16 * 1024;

    /// <summary>The user name a token is sent with: the providers ignore it for tokens, but it must not be empty.</summary>
    public const string TokenUser = "x-access-token";

    /// <summary>The credentials, or an error naming the accepted forms.</summary>
    public static (RemoteCredentials? Credentials, string? Error) Parse(string text)
    {
        if (text.Length > MaxLength)
        {
            return (null, $"the credentials are {text.Length} characters long; at most {MaxLength} are accepted");
        }

        if (text.StartsWith("token:", StringComparison.Ordinal) && text.Length > "token:".Length)
        {
            return (new RemoteCredentials("token", TokenUser, text["token:".Length..]), null);
        }

        if (text.StartsWith("basic:", StringComparison.Ordinal) && text["basic:".Length..].Split(':', 2) is [{ Length: > 0 } user, { Length: > 0 } password])
        {
            return (new RemoteCredentials("basic", user, password), null);
        }

        if (text.StartsWith("ssh-key:", StringComparison.Ordinal) && text.Contains("PRIVATE KEY", StringComparison.Ordinal))
        {
            var key = text["ssh-key:".Length..];
            var marker = key.LastIndexOf(HostKeyMarker, StringComparison.Ordinal);
            var hostKey = marker < 0 ? null : SshHostKey.Parse(key[(marker + HostKeyMarker.Length)..].TrimEnd('\n')).Key;
            // OpenSSH reads a key file only when it ends with a line break.
            return (new RemoteCredentials("ssh-key", "git", (marker < 0 ? key : key[..marker]).TrimEnd('\n') + "\n", hostKey), null);
        }

        return (null, "credentials must be 'token:<access token>' or 'basic:<user>:<password>' (--credentials), or a private key file (--deploy-key FILE)");
    }

    /// <summary>Never the secret.</summary>
    public override string ToString() => $"{Kind} credentials for {User}";
}
