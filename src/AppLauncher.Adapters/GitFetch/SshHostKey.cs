using System.Security.Cryptography;

namespace AppLauncher.GitFetch;

/// <summary>
/// An SSH server's public host key, pinned per remote: <c>&lt;type&gt; &lt;base64&gt;</c>, read from what people have at
/// hand (a <c>.pub</c> file's line, a <c>known_hosts</c> or <c>ssh-keyscan</c> line with the host in front).
/// </summary>
public sealed record SshHostKey(string Type, string Key)
{
    private static readonly string[] Types = ["ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com"];

    /// <summary>The key in <paramref name="text"/>, or an error saying what is expected.</summary>
    public static (SshHostKey? Key, string? Error) Parse(string text)
    {
        var fields = text.Trim().Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var at = Array.FindIndex(fields, f => Types.Contains(f, StringComparer.Ordinal));
        if (text.Length > 16 * 1024 || text.Contains('\n', StringComparison.Ordinal) || at < 0 || at + 1 >= fields.Length || !IsBase64(fields[at + 1]))
        {
            return (null, "the host key must be one public key line, e.g. 'ssh-ed25519 AAAAC3Nza…' (the server's /etc/ssh/ssh_host_ed25519_key.pub, or a line of 'ssh-keyscan -p PORT HOST')");
        }

        return (new SshHostKey(fields[at], fields[at + 1]), null);
    }

    /// <summary>The fingerprint as <c>ssh-keygen -l</c> prints it: <c>SHA256:…</c>.</summary>
    public string Fingerprint => "SHA256:" + Convert.ToBase64String(SHA256.HashData(Convert.FromBase64String(Key))).TrimEnd('=');

    public override string ToString() => $"{Type} {Key}";

    private static bool IsBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) && written > 16;
    }
}
