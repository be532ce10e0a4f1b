using AppLauncher.AcmeProtocol;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using AppLauncher.Certificates;
using AppLauncher.Core.Acme;
using AppLauncher.Core.Config;
using AppLauncher.Store;

namespace AppLauncher.Acme;

/// <summary>
/// Keeps every wanted certificate (<see cref="CertificateTargets"/>) issued and fresh, in the background: at start it
/// serves the stored ones, then it orders what is missing or due for renewal (two thirds of the lifetime, or ARI's
/// window), retrying failures with exponential backoff (a 429's Retry-After wins). A failure never touches what is
/// served: the current certificate (or the local CA's) stays. A hosted loop on <see cref="TimeProvider"/> rather than a
/// Quartz job: the next wake-up is computed from the certificates themselves and new apps wake it at once, which a
/// fixed trigger would only approximate.
/// </summary>
internal sealed partial class CertificateManager(
    ICertificateStore certificates,
    CertificateTargets targets,
    CertificateOrderer orderer,
    AcmeAccounts accounts,
    ServedCertificates served,
    CertificateExpiry expiry,
    PlatformConfig config,
    TimeProvider time,
    ILogger<CertificateManager> logger) : BackgroundService
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Asks for a look now (an app was created, a domain verified); returns at once.</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // never hold up the host's start
        try
        {
            await LoadStoredAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.LoadFailed(logger, e);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = TimeSpan.FromSeconds(config.Acme.CheckIntervalSeconds);
            try
            {
                wait = await ReconcileAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.PassFailed(logger, e);
            }

            using var delay = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            try
            {
                var waited = Task.Delay(wait, time, delay.Token);
                var woken = _wake.Reader.WaitToReadAsync(delay.Token).AsTask();
                await Task.WhenAny(waited, woken);
                _wake.Reader.TryRead(out _);
            }
            finally
            {
                await delay.CancelAsync();
            }
        }
    }

    /// <summary>Serves every stored certificate that loads; one that does not is re-ordered, and says why.</summary>
    private async Task LoadStoredAsync(CancellationToken cancellationToken)
    {
        foreach (var record in await certificates.ListCertificatesAsync(null, cancellationToken))
        {
            if (record.ChainPem is null || record.KeyPem is null)
            {
                continue;
            }

            try
            {
                var (leaf, intermediates) = IssuedCertificate.Load(record.ChainPem, record.KeyPem);
                served.Put(record.Domains, leaf, intermediates);
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException)
            {
                Log.StoredUnreadable(logger, record.Name, e.Message);
                await certificates.PutCertificateAsync(record with
                {
                    ChainPem = null, KeyPem = null, NextAttempt = time.GetUtcNow(),
                    LastError = $"the stored certificate does not load ({e.Message}); ordering a new one",
                }, cancellationToken);
            }
        }
    }

    /// <summary>One pass over every wanted certificate; returns how long to wait before the next pass.</summary>
    internal async Task<TimeSpan> ReconcileAsync(CancellationToken cancellationToken)
    {
        var wanted = await targets.WantedAsync(cancellationToken);
        var stored = (await certificates.ListCertificatesAsync(null, cancellationToken)).ToDictionary(c => c.Name, StringComparer.Ordinal);
        foreach (var gone in stored.Values.Where(s => wanted.All(t => t.Name != s.Name)))
        {
            await certificates.DeleteCertificateAsync(gone.Name, cancellationToken);
            foreach (var domain in gone.Domains.Where(d => wanted.All(t => !t.Domains.Contains(d))))
            {
                served.Remove(domain);
            }
        }

        var interval = TimeSpan.FromSeconds(config.Acme.CheckIntervalSeconds);
        var next = time.GetUtcNow() + interval;
        foreach (var target in wanted)
        {
            cancellationToken.ThrowIfCancellationRequested();
            stored.TryGetValue(target.Name, out var record);
            if (record is not null && !record.Domains.SequenceEqual(target.Domains))
            {
                record = record with { ChainPem = null, KeyPem = null, RenewAt = null, NextAttempt = null, Failures = 0 }; // the names changed: a new certificate
            }

            var result = await ConsiderAsync(target, record, cancellationToken);
            foreach (var at in new[] { result?.NextAttempt, result?.ChainPem is null ? null : result.RenewAt })
            {
                if (at is { } t && t < next)
                {
                    next = t;
                }
            }
        }

        expiry.Update(await certificates.ListCertificatesAsync(null, cancellationToken));
        var wait = next - time.GetUtcNow();
        return wait < TimeSpan.FromMilliseconds(100) ? TimeSpan.FromMilliseconds(100) : wait;
    }

    private async Task<CertificateRecord?> ConsiderAsync(CertificateTarget target, CertificateRecord? record, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        record ??= new CertificateRecord(target.Name, target.App, target.Domains, null, null, null, null, null, null, null, now, 0, now);
        if (target.Refusal is { } refusal)
        {
            if (record.LastError != refusal)
            {
                Log.Refused(logger, target.Name, refusal);
            }

            record = record with { LastError = refusal, NextAttempt = now + TimeSpan.FromSeconds(config.Acme.CheckIntervalSeconds), UpdatedAt = now };
            await certificates.PutCertificateAsync(record, cancellationToken);
            return record;
        }

        if (!RenewalSchedule.IsDue(now, record.ChainPem is not null, record.RenewAt, record.NextAttempt))
        {
            return record;
        }

        // Visible as pending before the order starts.
        await certificates.PutCertificateAsync(record with { NextAttempt = now, UpdatedAt = now }, cancellationToken);
        try
        {
            var issued = await orderer.OrderAsync(target, ReplacedId(record), cancellationToken);
            var renewAt = await RenewAtAsync(issued.Certificate, cancellationToken);
            served.Put(target.Domains, issued.Certificate, issued.Intermediates);
            var done = record with
            {
                App = target.App, Domains = target.Domains, Issuer = issued.Issuer,
                NotBefore = issued.Certificate.NotBefore.ToUniversalTime(), NotAfter = issued.Certificate.NotAfter.ToUniversalTime(),
                ChainPem = issued.ChainPem, KeyPem = issued.KeyPem, RenewAt = renewAt, LastError = null, NextAttempt = null, Failures = 0, UpdatedAt = time.GetUtcNow(),
            };
            await certificates.PutCertificateAsync(done, cancellationToken);
            Log.Issued(logger, target.Name, string.Join(", ", target.Domains), done.NotAfter!.Value, renewAt);
            return done;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var failures = record.Failures + 1;
            var after = (e as AcmeException)?.RetryAfter;
            var failedAt = time.GetUtcNow();
            var nextAttempt = RenewalSchedule.NextAttempt(failedAt, failures, TimeSpan.FromSeconds(config.Acme.RetryMinSeconds), TimeSpan.FromSeconds(config.Acme.RetryMaxSeconds),
                after, record.NotBefore, record.NotAfter);
            var message = e is AcmeException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            var failed = record with { LastError = message, NextAttempt = nextAttempt, Failures = failures, UpdatedAt = failedAt };
            await certificates.PutCertificateAsync(failed, cancellationToken);
            Log.OrderFailed(logger, target.Name, failures, nextAttempt, message);
            return failed;
        }
    }

    /// <summary>ARI's window when the server offers it, else two thirds of the lifetime.</summary>
    private async Task<DateTimeOffset> RenewAtAsync(X509Certificate2 certificate, CancellationToken cancellationToken)
    {
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        try
        {
            var client = await accounts.ClientAsync(cancellationToken);
            if (await client.GetRenewalInfoAsync(certificate, cancellationToken) is { } info)
            {
                return RenewalSchedule.RenewAt(notBefore, notAfter, info.WindowStart, info.WindowEnd, Random.Shared.NextDouble());
            }
        }
        catch (AcmeException e)
        {
            Log.NoRenewalInfo(logger, certificate.Subject, e.Message);
        }

        return RenewalSchedule.RenewAt(notBefore, notAfter);
    }

    /// <summary>The ARI id of the certificate a renewal replaces (sent as <c>replaces</c>), when there is one.</summary>
    private static string? ReplacedId(CertificateRecord record)
    {
        if (record.ChainPem is null)
        {
            return null;
        }

        try
        {
            using var certificate = X509Certificate2.CreateFromPem(record.ChainPem);
            return AcmeCertificateId.Of(certificate);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Certificate {Name} issued for {Domains}: valid until {NotAfter:u}, renewal at {RenewAt:u}")]
        public static partial void Issued(ILogger logger, string name, string domains, DateTimeOffset notAfter, DateTimeOffset renewAt);

        [LoggerMessage(2, LogLevel.Warning, "Certificate {Name}: order failed ({Failures} in a row), next attempt at {NextAttempt:u}: {Error}")]
        public static partial void OrderFailed(ILogger logger, string name, int failures, DateTimeOffset nextAttempt, string error);

        [LoggerMessage(3, LogLevel.Warning, "Certificate {Name}: no order placed: {Why}")]
        public static partial void Refused(ILogger logger, string name, string why);

        [LoggerMessage(4, LogLevel.Error, "Certificate {Name}: the stored certificate does not load ({Why}); a new one is ordered")]
        public static partial void StoredUnreadable(ILogger logger, string name, string why);

        [LoggerMessage(5, LogLevel.Error, "Loading the stored certificates failed")]
        public static partial void LoadFailed(ILogger logger, Exception exception);

        [LoggerMessage(6, LogLevel.Error, "A certificate pass failed; the next one follows")]
        public static partial void PassFailed(ILogger logger, Exception exception);

        [LoggerMessage(7, LogLevel.Information, "No ARI renewal window for {Subject}: {Why}; renewing at two thirds of its lifetime")]
        public static partial void NoRenewalInfo(ILogger logger, string subject, string why);
    }
}
