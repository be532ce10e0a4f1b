using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace AppLauncher.Certificates;

/// <summary>
/// The local CA's leaf certificates, ready for handshakes: one per host name, made on first use and made again when a
/// third of its lifetime is left, so a leaf served is never near expiry; and the control plane's own. At most
/// <see cref="MaxNames"/> names are kept (only names that route are asked for; past that the oldest goes).
/// </summary>
public sealed class LocalLeafCertificates(LocalCertificateAuthority authority, TimeProvider time, IReadOnlyList<string> controlNames, IReadOnlyList<IPAddress> controlAddresses)
{
    public const int MaxNames = 4096;
    private readonly ConcurrentDictionary<string, Lazy<Leaf>> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _controlGate = new();
    private Leaf? _control;

    /// <summary>The root the leaves chain to.</summary>
    public LocalCertificateAuthority Authority => authority;

    /// <summary>The control plane's certificate: <c>localhost</c>, the platform domain, the listeners' hosts, 127.0.0.1 and ::1.</summary>
    public SslStreamCertificateContext ControlPlane
    {
        get
        {
            var current = _control;
            if (current is not null && Fresh(current))
            {
                return current.Context;
            }

            lock (_controlGate)
            {
                if (_control is null || !Fresh(_control))
                {
                    _control = Make(controlNames, controlAddresses);
                }

                return _control.Context;
            }
        }
    }

    /// <summary>The leaf for <paramref name="host"/> (a DNS name the caller checked routes here).</summary>
    public SslStreamCertificateContext For(string host)
    {
        while (true)
        {
            var entry = _byName.GetOrAdd(host, NewEntry);
            var leaf = entry.Value;
            if (Fresh(leaf))
            {
                return leaf.Context;
            }

            // Stale: whoever swaps first makes the new one; the others take it.
            _byName.TryUpdate(host, NewEntry(host), entry);
        }
    }

    /// <summary>The leaf currently kept for <paramref name="host"/>, without making one (for tests and status).</summary>
    public X509Certificate2? Peek(string host) =>
        _byName.TryGetValue(host, out var entry) && entry.IsValueCreated ? entry.Value.Certificate : null;

    /// <summary>How many names have a leaf kept.</summary>
    public int Count => _byName.Count;

    private Lazy<Leaf> NewEntry(string host)
    {
        if (_byName.Count >= MaxNames)
        {
            var oldest = _byName.Where(e => e.Value.IsValueCreated).MinBy(e => e.Value.Value.Certificate.NotBefore).Key;
            if (oldest is not null)
            {
                _byName.TryRemove(oldest, out _);
            }
        }

        return new Lazy<Leaf>(() => Make([host], []), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    private bool Fresh(Leaf leaf) => time.GetUtcNow() < leaf.RenewAt;

    private Leaf Make(IReadOnlyList<string> names, IReadOnlyList<IPAddress> addresses)
    {
        var certificate = authority.Issue(names, addresses);
        var notBefore = certificate.NotBefore.ToUniversalTime();
        var notAfter = certificate.NotAfter.ToUniversalTime();
        var renewAt = notAfter - ((notAfter - notBefore) / 3);
        var context = SslStreamCertificateContext.Create(certificate, [authority.Root], offline: true);
        return new Leaf(certificate, context, renewAt);
    }

    private sealed record Leaf(X509Certificate2 Certificate, SslStreamCertificateContext Context, DateTimeOffset RenewAt);
}
