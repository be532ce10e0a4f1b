namespace AppLauncher.Security;

/// <summary>
/// <see cref="SecretRedactor"/> for output that arrives in pieces: a secret split across two pieces is masked too. It holds
/// back only the end of what came that could be the start of a secret, and gives it out with the next piece or at
/// <see cref="Flush"/>.
/// </summary>
public sealed class StreamingSecretRedactor(IEnumerable<string> secrets)
{
    private readonly string[] _secrets = secrets.Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
    private string _held = "";

    /// <summary>What can be shown of <paramref name="text"/> (and what was held back before it), masked.</summary>
    public string Push(string text)
    {
        if (_secrets.Length == 0)
        {
            return text;
        }

        var masked = SecretRedactor.Redact(_held + text, _secrets);
        var hold = 0;
        foreach (var secret in _secrets)
        {
            for (var length = Math.Min(secret.Length - 1, masked.Length); length > hold; length--)
            {
                if (masked.AsSpan(masked.Length - length).SequenceEqual(secret.AsSpan(0, length)))
                {
                    hold = length;
                    break;
                }
            }
        }

        _held = masked[^hold..];
        return masked[..^hold];
    }

    /// <summary>What was held back, once no more output comes.</summary>
    public string Flush()
    {
        var rest = _held;
        _held = "";
        return rest;
    }
}
