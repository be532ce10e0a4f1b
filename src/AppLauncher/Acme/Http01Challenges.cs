using System.Collections.Concurrent;

namespace AppLauncher.Acme;

/// <summary>The HTTP-01 tokens being validated right now (RFC 8555 §8.3), token → key authorization; in memory only.</summary>
public sealed class Http01Challenges
{
    private readonly ConcurrentDictionary<string, string> _byToken = new(StringComparer.Ordinal);

    public void Put(string token, string keyAuthorization) => _byToken[token] = keyAuthorization;

    public void Remove(string token) => _byToken.TryRemove(token, out _);

    public string? Find(string token) => _byToken.TryGetValue(token, out var value) ? value : null;
}
