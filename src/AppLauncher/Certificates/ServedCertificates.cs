using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;

namespace AppLauncher.Certificates;

/// <summary>
/// The certificates the TLS listener serves, by server name (SNI). Sources (the local CA, ACME) put into it; the
/// listener only reads, on every handshake, without locking. A name is matched exactly first, then by a wildcard one
/// label up (<c>*.example.com</c> covers <c>a.example.com</c>, not <c>a.b.example.com</c>), as RFC 6125 says.
/// </summary>
public sealed class ServedCertificates
{
    private readonly ConcurrentDictionary<string, X509Certificate2> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, X509Certificate2> _alpnChallenges = new(StringComparer.OrdinalIgnoreCase);
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<X509Certificate2, X509Certificate2Collection> _intermediates = [];

    /// <summary>Serves <paramref name="certificate"/> (with its private key) for each of <paramref name="names"/>
    /// (host names or <c>*.domain</c> wildcards), replacing what was served for them.</summary>
    public void Put(IEnumerable<string> names, X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        foreach (var name in names)
        {
            _byName[Normalize(name)] = certificate;
        }
    }

    /// <summary>As <see cref="Put(IEnumerable{string}, X509Certificate2)"/>, sending <paramref name="intermediates"/> (the
    /// issuer's chain, without the root) after the certificate in each handshake.</summary>
    public void Put(IEnumerable<string> names, X509Certificate2 certificate, X509Certificate2Collection intermediates)
    {
        ArgumentNullException.ThrowIfNull(intermediates);
        _intermediates.AddOrUpdate(certificate, intermediates);
        Put(names, certificate);
    }

    /// <summary>The chain given with <paramref name="certificate"/> when it was put; null when none was.</summary>
    public X509Certificate2Collection? IntermediatesOf(X509Certificate2 certificate) =>
        _intermediates.TryGetValue(certificate, out var chain) ? chain : null;

    /// <summary>Stops serving anything for <paramref name="name"/> (the fallback takes over).</summary>
    public void Remove(string name) => _byName.TryRemove(Normalize(name), out _);

    /// <summary>The certificate for <paramref name="serverName"/>: exact name, then a one-label wildcard; null when none.</summary>
    public X509Certificate2? Find(string? serverName)
    {
        if (string.IsNullOrEmpty(serverName))
        {
            return null;
        }

        var name = Normalize(serverName);
        if (_byName.TryGetValue(name, out var exact))
        {
            return exact;
        }

        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && _byName.TryGetValue(string.Concat("*", name.AsSpan(dot)), out var wildcard) ? wildcard : null;
    }

    /// <summary>While a TLS-ALPN-01 challenge (RFC 8737) for <paramref name="name"/> is pending, the listener answers
    /// handshakes that offer the <c>acme-tls/1</c> protocol with this certificate.</summary>
    public void PutAlpnChallenge(string name, X509Certificate2 certificate) => _alpnChallenges[Normalize(name)] = certificate;

    public void RemoveAlpnChallenge(string name) => _alpnChallenges.TryRemove(Normalize(name), out _);

    /// <summary>The pending TLS-ALPN-01 challenge certificate for <paramref name="serverName"/>, or null.</summary>
    public X509Certificate2? FindAlpnChallenge(string? serverName) =>
        !string.IsNullOrEmpty(serverName) && _alpnChallenges.TryGetValue(Normalize(serverName), out var c) ? c : null;

    private static string Normalize(string name) => name.EndsWith('.') ? name[..^1] : name;
}
