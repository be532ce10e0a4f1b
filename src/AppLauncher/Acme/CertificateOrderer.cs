using AppLauncher.AcmeProtocol;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AppLauncher.Certificates;
using AppLauncher.Core.Config;
using AppLauncher.Core.Dns;
using AppLauncher.Domains;

namespace AppLauncher.Acme;

/// <summary>
/// Runs one ACME order to its end: authorizations (each answered with the first allowed challenge this server can
/// serve for the name), finalize with a fresh P-256 key, download, and checks that what came back is a certificate for
/// those names and that key. The challenge's traces (tokens, TXT records, ALPN certificates) are removed either way.
/// </summary>
internal sealed partial class CertificateOrderer(
    AcmeAccounts accounts,
    Http01Challenges http01,
    DnsTxtRecords txt,
    ServedCertificates served,
    PlatformConfig config,
    TimeProvider time,
    ILogger<CertificateOrderer> logger,
    DnsUpdateClient? dnsUpdate = null)
{
    public async Task<IssuedCertificate> OrderAsync(CertificateTarget target, string? replaces, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(config.Acme.OrderTimeoutSeconds));
        try
        {
            return await RunAsync(target, replaces, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AcmeException($"the order for {string.Join(", ", target.Domains)} took longer than acme.orderTimeoutSeconds ({config.Acme.OrderTimeoutSeconds} s)");
        }
    }

    private async Task<IssuedCertificate> RunAsync(CertificateTarget target, string? replaces, CancellationToken cancellationToken)
    {
        var client = await accounts.ClientAsync(cancellationToken);
        var order = await client.NewOrderAsync(target.Domains, replaces, cancellationToken);
        Log.OrderPlaced(logger, string.Join(", ", target.Domains), order.Url.AbsoluteUri);
        foreach (var url in order.Authorizations)
        {
            var authorization = await client.GetAuthorizationAsync(url, cancellationToken);
            if (authorization.Status == "valid")
            {
                continue;
            }

            if (authorization.Status != "pending")
            {
                throw new AcmeException($"the authorization for {authorization.Identifier.Value} is {authorization.Status}");
            }

            await AuthorizeAsync(client, authorization, cancellationToken);
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var current = await client.GetOrderAsync(order.Url, cancellationToken);
        if (current.Status == "invalid")
        {
            throw new AcmeException($"the order for {string.Join(", ", target.Domains)} became invalid: {current.Error}", current.Error);
        }

        var finalized = await client.FinalizeAsync(current, AcmeCsr.Create(key, target.Domains), cancellationToken);
        if (finalized.Status != "valid" || finalized.Certificate is null)
        {
            throw new AcmeException($"the order for {string.Join(", ", target.Domains)} ended {finalized.Status}{(finalized.Error is null ? "" : ": " + finalized.Error)}", finalized.Error);
        }

        var chain = await client.DownloadAsync(finalized.Certificate, cancellationToken);
        var keyPem = key.ExportPkcs8PrivateKeyPem();
        return Check(target, chain, keyPem, time.GetUtcNow());
    }

    /// <summary>The issued chain loaded with its key; an AcmeException when it is not a current certificate for the names and this key.</summary>
    internal static IssuedCertificate Check(CertificateTarget target, string chainPem, string keyPem, DateTimeOffset now)
    {
        X509Certificate2 leaf;
        X509Certificate2Collection intermediates;
        try
        {
            (leaf, intermediates) = IssuedCertificate.Load(chainPem, keyPem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new AcmeException($"the ACME server returned a certificate for {string.Join(", ", target.Domains)} that does not load with the order's key: {e.Message}");
        }

        if (leaf.NotAfter.ToUniversalTime() <= now.UtcDateTime || leaf.NotBefore.ToUniversalTime() > now.UtcDateTime.AddMinutes(5))
        {
            var dates = $"{leaf.NotBefore.ToUniversalTime():u} to {leaf.NotAfter.ToUniversalTime():u}";
            leaf.Dispose();
            throw new AcmeException($"the ACME server returned a certificate for {string.Join(", ", target.Domains)} that is not valid now ({dates})");
        }

        var missing = target.Domains.Where(d => !leaf.MatchesHostname(d.StartsWith("*.", StringComparison.Ordinal) ? "x" + d[1..] : d, allowWildcards: true)).ToList();
        if (missing.Count > 0)
        {
            leaf.Dispose();
            throw new AcmeException($"the ACME server returned a certificate that does not cover {string.Join(", ", missing)}");
        }

        return new IssuedCertificate(chainPem, keyPem, leaf, intermediates);
    }

    private async Task AuthorizeAsync(AcmeClient client, AcmeAuthorization authorization, CancellationToken cancellationToken)
    {
        var name = authorization.Identifier.Value;
        var challenge = Choose(authorization)
            ?? throw new AcmeException($"no challenge for {name} that AppLauncher may answer: the server offers {string.Join(", ", authorization.Challenges.Select(c => c.Type))}, acme.challenges allows {string.Join(", ", config.Acme.Challenges)}{(authorization.Wildcard ? " (a wildcard needs dns-01)" : "")}");
        var undo = await DeployAsync(client, name, challenge, cancellationToken);
        try
        {
            await client.AnswerAsync(challenge, cancellationToken);
            var done = await client.WaitForAuthorizationAsync(authorization.Url, cancellationToken);
            if (done.Status != "valid")
            {
                var error = done.Challenges.FirstOrDefault(c => c.Type == challenge.Type)?.Error;
                throw new AcmeException($"{challenge.Type} for {name} failed: {(error is null ? "the authorization is " + done.Status : error.ToString())}", error);
            }

            Log.Authorized(logger, name, challenge.Type);
        }
        finally
        {
            await undo();
        }
    }

    /// <summary>The first type in <c>acme.challenges</c> the server offers and this server can serve for the name.</summary>
    private AcmeChallenge? Choose(AcmeAuthorization authorization)
    {
        var name = authorization.Identifier.Value;
        foreach (var type in config.Acme.Challenges)
        {
            var possible = type switch
            {
                AcmeConfig.Dns01 => CanAnswerDns(name),
                _ => !authorization.Wildcard,
            };
            if (possible && authorization.Challenges.FirstOrDefault(c => c.Type == type && c.Status == "pending") is { } challenge)
            {
                return challenge;
            }
        }

        return null;
    }

    private bool InEmbeddedZone(string name) => config.Dns.Enabled && DnsName.IsAtOrBelow(name, config.Domain);

    private bool InRegisteredZone(string name) => dnsUpdate is not null && DnsName.IsAtOrBelow(name, dnsUpdate.Zone);

    private bool CanAnswerDns(string name) => InEmbeddedZone(name) || InRegisteredZone(name);

    /// <summary>Puts the challenge's response where the server will look; returns what takes it away again.</summary>
    private async Task<Func<Task>> DeployAsync(AcmeClient client, string name, AcmeChallenge challenge, CancellationToken cancellationToken)
    {
        var keyAuthorization = client.Jws.KeyAuthorization(challenge.Token);
        switch (challenge.Type)
        {
            case AcmeConfig.Http01:
                http01.Put(challenge.Token, keyAuthorization);
                return () => { http01.Remove(challenge.Token); return Task.CompletedTask; };

            case AcmeConfig.TlsAlpn01:
                var certificate = AlpnChallengeCertificate.Create(name, keyAuthorization, time.GetUtcNow());
                served.PutAlpnChallenge(name, certificate);
                return () => { served.RemoveAlpnChallenge(name); certificate.Dispose(); return Task.CompletedTask; };

            default:
                var record = "_acme-challenge." + name;
                var value = client.Jws.Dns01Value(challenge.Token);
                var embedded = InEmbeddedZone(name);
                var registered = InRegisteredZone(name);
                if (embedded)
                {
                    txt.Add(record, value);
                }

                if (registered)
                {
                    try
                    {
                        await dnsUpdate!.AddTxtAsync(record, value, 0, cancellationToken);
                    }
                    catch (DnsUpdateException e)
                    {
                        if (embedded)
                        {
                            txt.Remove(record, value);
                        }

                        throw new AcmeException($"dns-01 for {name}: {e.Message}", inner: e);
                    }
                }

                return async () =>
                {
                    if (embedded)
                    {
                        txt.Remove(record, value);
                    }

                    if (registered)
                    {
                        try
                        {
                            await dnsUpdate!.DeleteTxtAsync(record, value, CancellationToken.None);
                        }
                        catch (DnsUpdateException e)
                        {
                            Log.TxtNotRemoved(logger, record, e.Message);
                        }
                    }
                };
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "ACME order for {Names} placed: {Order}")]
        public static partial void OrderPlaced(ILogger logger, string names, string order);

        [LoggerMessage(2, LogLevel.Information, "ACME authorization for {Name} valid ({Challenge})")]
        public static partial void Authorized(ILogger logger, string name, string challenge);

        [LoggerMessage(3, LogLevel.Warning, "The dns-01 TXT record {Record} could not be removed: {Why}")]
        public static partial void TxtNotRemoved(ILogger logger, string record, string why);
    }
}
