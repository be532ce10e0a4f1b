using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using AppLauncher.Core.Acme;
using AppLauncher.Core.Alerts;
using AppLauncher.Observability;
using AppLauncher.Store;

namespace AppLauncher.Acme;

/// <summary>
/// What the certificates' dates mean for monitoring: the gauge <c>launcher.certificate.expiry</c> (seconds until
/// not-after, one series per certificate and domain) and one <see cref="PlatformEventKind.CertificateExpiring"/> event
/// per certificate once it is served past <see cref="RenewalSchedule.ExpiringFrom"/> (renewals kept failing). The
/// manager hands it the stored records after every pass; the gauge reads the last of them when scraped.
/// </summary>
internal sealed class CertificateExpiry
{
    public const string Gauge = "launcher.certificate.expiry";

    private readonly PlatformEvents _events;
    private readonly TimeProvider _time;
    private volatile IReadOnlyList<CertificateRecord> _served = [];

    // Name → the not-after it was reported expiring for: once per certificate, again only for a new one that expires too.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _reported = new(StringComparer.Ordinal);

    public CertificateExpiry(GaugeRegistry gauges, PlatformEvents events, TimeProvider time)
    {
        (_events, _time) = (events, time);
        gauges.Register(MeterNames.Domains, Gauge, "s", "Seconds until each served certificate expires (negative once it has)", Observe);
    }

    /// <summary>Takes the stored certificates after a pass: those with a served chain count; publishes the ones now expiring.</summary>
    public void Update(IReadOnlyList<CertificateRecord> records)
    {
        var served = records.Where(r => r.ChainPem is not null && r.NotAfter is not null).ToList();
        _served = served;
        foreach (var gone in _reported.Keys.Where(name => served.All(r => r.Name != name)))
        {
            _reported.TryRemove(gone, out _);
        }

        var now = _time.GetUtcNow();
        foreach (var record in served)
        {
            var notAfter = record.NotAfter!.Value;
            if (now < RenewalSchedule.ExpiringFrom(record.NotBefore ?? notAfter, notAfter)
                || (_reported.TryGetValue(record.Name, out var reported) && reported == notAfter))
            {
                continue;
            }

            _reported[record.Name] = notAfter;
            var left = notAfter - now;
            var when = left > TimeSpan.Zero ? $"expires {notAfter:u} ({left.TotalHours:0} h from now)" : $"expired {notAfter:u}";
            var why = record.LastError is { } error ? $"the last renewal failed: {error}" : "it has not been renewed yet";
            var look = record.App is { } app ? $"launcher certs {app}" : "launcher certs";
            _events.Publish(new PlatformEvent(PlatformEventKind.CertificateExpiring, record.App, null,
                $"certificate {record.Name} for {string.Join(", ", record.Domains)} {when}; {why}. See '{look}'.", now));
        }
    }

    private IEnumerable<Measurement<double>> Observe()
    {
        var now = _time.GetUtcNow();
        foreach (var record in _served)
        {
            var seconds = (record.NotAfter!.Value - now).TotalSeconds;
            foreach (var domain in record.Domains)
            {
                yield return new(seconds, new KeyValuePair<string, object?>(MetricTags.App, record.App ?? ""), new KeyValuePair<string, object?>("domain", domain));
            }
        }
    }
}
