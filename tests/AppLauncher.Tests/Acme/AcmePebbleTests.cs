using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using AppLauncher.Certificates;
using AppLauncher.Core.Config;
using AppLauncher.Proxy;
using AppLauncher.Tests.Proxy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using AppLauncher.Tests.Domains;
using AppLauncher.Tests.EndToEnd;
using Microsoft.Extensions.DependencyInjection;

namespace AppLauncher.Tests.Acme;

/// <summary>
/// Certificates from a real Pebble for a real AppLauncher server: HTTP-01 answered by the server's own listener,
/// DNS-01 (the wildcard) answered by its embedded DNS server, which Pebble resolves every name through; renewal with
/// short-lived certificates; and the failure paths (Pebble down, a challenge that fails) shown with the next attempt.
/// </summary>
public sealed class AcmePebbleTests : IAsyncLifetime
{
    private const string Domain = "acme.test";
    private readonly int _port = BindServer.FreeUdpAndTcpPort();
    private readonly int _dnsPort = BindServer.FreeUdpAndTcpPort();
    private readonly int _tlsPort = LoopbackPorts.Free();
    private readonly CapturedLogs _logs = new();
    private readonly List<IAsyncDisposable> _owned = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }
    }

    private async Task<PebbleServer> PebbleAsync(long validitySeconds = 0, int? httpPort = null, Dictionary<string, string>? env = null)
    {
        var pebble = await PebbleServer.StartAsync(httpPort ?? _port, _tlsPort, $"127.0.0.1:{_dnsPort}", validitySeconds, env);
        _owned.Add(pebble);
        return pebble;
    }

    private async Task<TestLauncher> LauncherAsync(PebbleServer pebble, bool wildcard, params string[] challenges) => await LauncherAsync(pebble, wildcard, false, challenges);

    private async Task<TestLauncher> LauncherAsync(PebbleServer pebble, bool wildcard, bool tls, params string[] challenges)
    {
        var launcher = await TestLauncher.StartAsync(c =>
        {
            c.Tls = new TlsConfig { Enabled = tls, Listen = $"https://localhost:{_tlsPort}", Redirect = false };
            c.Domain = Domain;
            c.Dns.Enabled = true;
            c.Dns.Port = _dnsPort;
            c.Acme = new AcmeConfig
            {
                Directory = pebble.DirectoryUrl,
                CaRoot = pebble.CaRootFile,
                Email = "ops@example.com",
                Wildcard = wildcard,
                Challenges = [.. challenges],
                CheckIntervalSeconds = 1,
                RetryMinSeconds = 1,
                RetryMaxSeconds = 4,
                OrderTimeoutSeconds = 30,
            };
        }, logs: _logs, port: _port);
        _owned.Add(launcher);
        return launcher;
    }

    /// <summary>Polls the certificates API until one named <paramref name="name"/> satisfies <paramref name="until"/>, or the deadline passes.</summary>
    private static async Task<JsonElement> CertificateAsync(TestLauncher launcher, string path, string name, Func<JsonElement, bool> until, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            var list = await launcher.Http.GetFromJsonAsync<JsonElement>(path);
            foreach (var c in list.EnumerateArray())
            {
                if (c.GetProperty("name").GetString() == name)
                {
                    last = c.Clone();
                    if (until(last))
                    {
                        return last;
                    }
                }
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"certificate {name} never reached the state wanted; last seen: {last}");
    }

    /// <summary>Routes <paramref name="app"/> to a real backend answering "ok".</summary>
    private async Task RouteToBackendAsync(TestLauncher launcher, string app)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var backend = builder.Build();
        backend.Run(context => context.Response.WriteAsync("ok"));
        await backend.StartAsync();
        _owned.Add(backend);
        launcher.Services.GetRequiredService<RouteTable>().RouteAll(app, $"{app}-00001", new InstanceEndpoint("i1", new Uri(backend.Urls.First() + "/")));
    }

    /// <summary>
    /// An HttpClient that opens a new TLS connection per request to this server's HTTPS port and trusts only Pebble's
    /// root (the server must send the intermediate); <paramref name="seen"/> gets each handshake's certificate serial.
    /// </summary>
    private static HttpClient PebbleTrustingClient(X509Certificate2 root, Action<string> seen)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.Zero,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, sent, _) =>
                {
                    if (certificate is not X509Certificate2 leaf || sent is null)
                    {
                        return false;
                    }

                    // Only what the server sent (its ExtraStore) and Pebble's root: a missing intermediate fails here.
                    using var chain = new X509Chain();
                    chain.ChainPolicy.ExtraStore.AddRange(sent.ChainPolicy.ExtraStore);
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    chain.ChainPolicy.CustomTrustStore.Add(root);
                    chain.ChainPolicy.DisableCertificateDownloads = true;
                    var ok = chain.Build(leaf);
                    seen(leaf.SerialNumber);
                    return ok;
                },
            },
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
    }

    [Fact]
    public async Task TlsAlpn01_AnsweredOnTheTlsListener_ThenServedThereWithItsChain()
    {
        var pebble = await PebbleAsync();
        var launcher = await LauncherAsync(pebble, wildcard: false, tls: true, AcmeConfig.TlsAlpn01);
        await launcher.CreateAppAsync("alpn");
        await RouteToBackendAsync(launcher, "alpn");

        await CertificateAsync(launcher, "api/apps/alpn/certificates", "alpn.acme.test", c => c.GetProperty("state").GetString() == "valid");
        using var root = await pebble.IssuingRootAsync();
        var serials = new List<string>();
        using var http = PebbleTrustingClient(root, serials.Add);
        using var response = await http.GetAsync($"https://alpn.acme.test:{_tlsPort}/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
        Assert.Equal(Served(launcher, "alpn.acme.test").SerialNumber, Assert.Single(serials));
        Assert.Contains("(tls-alpn-01)", _logs.Text);
        Assert.Null(launcher.Services.GetRequiredService<ServedCertificates>().FindAlpnChallenge("alpn.acme.test"));
    }

    [Fact]
    public async Task Renewal_UnderLoad_TheServedCertificateChanges_NoRequestFails()
    {
        var pebble = await PebbleAsync(validitySeconds: 12);
        var launcher = await LauncherAsync(pebble, wildcard: false, tls: true, AcmeConfig.Http01);
        await launcher.CreateAppAsync("load");
        await RouteToBackendAsync(launcher, "load");
        await CertificateAsync(launcher, "api/apps/load/certificates", "load.acme.test", c => c.GetProperty("state").GetString() == "valid");
        using var root = await pebble.IssuingRootAsync();
        var serials = new HashSet<string>();
        using var http = PebbleTrustingClient(root, s => { lock (serials) { serials.Add(s); } });

        var failures = new List<string>();
        var requests = 0;
        var deadline = DateTime.UtcNow.AddSeconds(45);
        async Task LoopAsync()
        {
            while (DateTime.UtcNow < deadline && Volatile.Read(ref requests) >= 0)
            {
                lock (serials)
                {
                    if (serials.Count >= 3)
                    {
                        return;
                    }
                }

                try
                {
                    using var response = await http.GetAsync($"https://load.acme.test:{_tlsPort}/");
                    var body = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode != HttpStatusCode.OK || body != "ok")
                    {
                        lock (failures) { failures.Add($"{(int)response.StatusCode} {body}"); }
                    }
                }
                catch (HttpRequestException e)
                {
                    lock (failures) { failures.Add(e.ToString()); }
                }

                Interlocked.Increment(ref requests);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(LoopAsync)));

        Assert.Empty(failures);
        Assert.True(serials.Count >= 3, $"{requests} requests saw {serials.Count} certificates in 45 s\n{_logs.Text}");
    }

    private X509Certificate2 Served(TestLauncher launcher, string host) =>
        launcher.Services.GetRequiredService<ServedCertificates>().Find(host) ?? throw new InvalidOperationException($"nothing served for {host}\n{_logs.Text}");

    [Fact]
    public async Task Http01_AppDomain_OrderedAtCreation_StoredServedAndShown()
    {
        var pebble = await PebbleAsync();
        var launcher = await LauncherAsync(pebble, wildcard: false, AcmeConfig.Http01);

        await launcher.CreateAppAsync("web");
        var cert = await CertificateAsync(launcher, "api/apps/web/certificates", "web.acme.test", c => c.GetProperty("state").GetString() == "valid");

        Assert.Equal(["web.acme.test"], cert.GetProperty("domains").EnumerateArray().Select(d => d.GetString()));
        Assert.Contains("Pebble", cert.GetProperty("issuer").GetString());
        Assert.Equal(JsonValueKind.Null, cert.GetProperty("lastError").ValueKind);
        var notAfter = cert.GetProperty("notAfter").GetDateTimeOffset();
        var renewAt = cert.GetProperty("renewAt").GetDateTimeOffset();
        Assert.True(renewAt < notAfter && renewAt > DateTimeOffset.UtcNow, $"renewAt {renewAt:u}, notAfter {notAfter:u}");
        var served = Served(launcher, "web.acme.test");
        Assert.True(served.HasPrivateKey);
        Assert.True(await pebble.IssuedAsync(served, "web.acme.test"), "the served certificate does not chain to Pebble's root");
        Assert.Contains("(http-01)", _logs.Text);
    }

    [Fact]
    public async Task Dns01_Wildcard_ThroughTheEmbeddedDnsServer_CoversEveryAppName()
    {
        var pebble = await PebbleAsync();
        var launcher = await LauncherAsync(pebble, wildcard: true, AcmeConfig.Dns01);

        var cert = await CertificateAsync(launcher, "api/certificates", "wildcard", c => c.GetProperty("state").GetString() == "valid");
        await launcher.CreateAppAsync("shop");
        var forApp = await launcher.Http.GetFromJsonAsync<JsonElement>("api/apps/shop/certificates");

        Assert.Equal(["*.acme.test"], cert.GetProperty("domains").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal("wildcard", Assert.Single(forApp.EnumerateArray()).GetProperty("name").GetString());
        var served = Served(launcher, "shop.acme.test");
        Assert.True(await pebble.IssuedAsync(served, "shop.acme.test"));
        Assert.True(served.MatchesHostname("any-other.acme.test"));
        Assert.Null(launcher.Services.GetRequiredService<ServedCertificates>().Find("a.b.acme.test"));
        Assert.Contains("(dns-01)", _logs.Text);
    }

    [Fact]
    public async Task Renewal_ShortLivedCertificates_AreReplacedBeforeTheyExpire()
    {
        var pebble = await PebbleAsync(validitySeconds: 12);
        var launcher = await LauncherAsync(pebble, wildcard: false, AcmeConfig.Http01);
        await launcher.CreateAppAsync("renew");
        await CertificateAsync(launcher, "api/apps/renew/certificates", "renew.acme.test", c => c.GetProperty("state").GetString() == "valid");
        var first = Served(launcher, "renew.acme.test");

        var deadline = DateTime.UtcNow.AddSeconds(40);
        var seen = new HashSet<string>();
        while (DateTime.UtcNow < deadline && seen.Count < 3)
        {
            // Every moment something valid is served for the name: the old certificate until the new one replaces it.
            var now = Served(launcher, "renew.acme.test");
            Assert.True(now.NotAfter.ToUniversalTime() > DateTime.UtcNow, $"served an expired certificate ({now.NotAfter:u})");
            seen.Add(now.SerialNumber);
            await Task.Delay(100);
        }

        Assert.True(seen.Count >= 3, $"saw {seen.Count} certificates in 40 s; first {first.SerialNumber}\n{_logs.Text}");
    }

    [Fact]
    public async Task PebbleDown_ErrorAndNextAttemptShown_ServerKeepsAnswering()
    {
        var pebble = await PebbleAsync();
        var launcher = await LauncherAsync(pebble, wildcard: false, AcmeConfig.Http01);
        await pebble.StopAsync();

        await launcher.CreateAppAsync("down");
        var cert = await CertificateAsync(launcher, "api/apps/down/certificates", "down.acme.test", c => c.GetProperty("failures").GetInt32() >= 2);

        Assert.Equal("failing", cert.GetProperty("state").GetString());
        Assert.Contains("could not be reached", cert.GetProperty("lastError").GetString());
        Assert.True(cert.GetProperty("nextAttempt").ValueKind == JsonValueKind.String, $"no next attempt shown: {cert}");
        Assert.Null(launcher.Services.GetRequiredService<ServedCertificates>().Find("down.acme.test"));
        using var health = await launcher.Http.GetAsync("healthz");
        Assert.True(health.IsSuccessStatusCode);
    }

    [Fact]
    public async Task Http01Unreachable_AuthorizationFails_ErrorNamesTheChallenge_AndRetriesBackOff()
    {
        var pebble = await PebbleAsync(httpPort: LoopbackPorts.Free()); // nothing listens where Pebble validates
        var launcher = await LauncherAsync(pebble, wildcard: false, AcmeConfig.Http01);

        await launcher.CreateAppAsync("nope");
        var cert = await CertificateAsync(launcher, "api/apps/nope/certificates", "nope.acme.test", c => c.GetProperty("failures").GetInt32() >= 2);

        var error = cert.GetProperty("lastError").GetString()!;
        Assert.Contains("http-01 for nope.acme.test failed", error);
        Assert.Equal("failing", cert.GetProperty("state").GetString());
        Assert.Null(launcher.Services.GetRequiredService<ServedCertificates>().Find("nope.acme.test"));
    }

    [Fact]
    public async Task NonceRejections_AreRetried_TheOrderStillSucceeds()
    {
        // Pebble refuses half of all nonces as badNonce: an order takes about ten signed requests, so without retrying
        // with the nonce each refusal carries it would fail (0.5^10 odds of passing); the next test shows the refusal itself.
        var pebble = await PebbleAsync(env: new Dictionary<string, string> { ["PEBBLE_WFE_NONCEREJECT"] = "50" });
        var launcher = await LauncherAsync(pebble, wildcard: false, AcmeConfig.Http01);

        await launcher.CreateAppAsync("nonce");
        var cert = await CertificateAsync(launcher, "api/apps/nonce/certificates", "nonce.acme.test", c => c.GetProperty("state").GetString() == "valid");

        Assert.Equal(0, cert.GetProperty("failures").GetInt32());
    }

    [Fact]
    public async Task EveryNonceRejected_OrderFails_WithTheProblemTypeShown()
    {
        var pebble = await PebbleAsync(env: new Dictionary<string, string> { ["PEBBLE_WFE_NONCEREJECT"] = "100" });
        var launcher = await LauncherAsync(pebble, wildcard: false, AcmeConfig.Http01);

        await launcher.CreateAppAsync("refused");
        var cert = await CertificateAsync(launcher, "api/apps/refused/certificates", "refused.acme.test", c => c.GetProperty("failures").GetInt32() >= 1);

        Assert.Equal("failing", cert.GetProperty("state").GetString());
        Assert.Contains("badNonce", cert.GetProperty("lastError").GetString());
        Assert.True(cert.GetProperty("nextAttempt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddSeconds(-5));
    }
}
