using System.Diagnostics;
using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace AppLauncher.Tests.Acme;

/// <summary>
/// A real Pebble (Debian <c>pebble</c>, the ACME test server) on 127.0.0.1 and free ports, with a generated config:
/// its HTTPS certificate from a CA made for the run (<see cref="CaRootFile"/>), <c>httpPort</c>/<c>tlsPort</c> pointing
/// at the AppLauncher listeners under test, <c>-dnsserver</c> at the DNS server that names the apps, no random
/// validation sleeps. <see cref="IssuingRootAsync"/> is the root its certificates chain to (management <c>/roots/0</c>).
/// </summary>
internal sealed class PebbleServer : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly StringBuilder _log = new();
    private Process? _pebble;

    private PebbleServer(int httpPort, int tlsPort, string dnsServer, long validitySeconds, IReadOnlyDictionary<string, string> env)
    {
        HttpPort = httpPort;
        TlsPort = tlsPort;
        DnsServer = dnsServer;
        ValiditySeconds = validitySeconds;
        Env = env;
    }

    public int Port { get; } = LoopbackPorts.Free();

    public int ManagementPort { get; } = LoopbackPorts.Free();

    public int HttpPort { get; }

    public int TlsPort { get; }

    public string DnsServer { get; }

    public long ValiditySeconds { get; }

    private IReadOnlyDictionary<string, string> Env { get; }

    public string DirectoryUrl => $"https://127.0.0.1:{Port}/dir";

    public string CaRootFile => Path.Combine(_dir.Path, "ca.pem");

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts Pebble and waits until its directory answers.</summary>
    public static async Task<PebbleServer> StartAsync(int httpPort, int tlsPort, string dnsServer, long validitySeconds = 0, IReadOnlyDictionary<string, string>? env = null)
    {
        var pebble = new PebbleServer(httpPort, tlsPort, dnsServer, validitySeconds, env ?? new Dictionary<string, string>());
        pebble.WriteFiles();
        await pebble.StartProcessAsync();
        return pebble;
    }

    private void WriteFiles()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=AppLauncher test CA for Pebble", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var leaf = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), RandomNumberGenerator.GetBytes(8));
        File.WriteAllText(CaRootFile, ca.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_dir.Path, "cert.pem"), leaf.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_dir.Path, "key.pem"), key.ExportPkcs8PrivateKeyPem());
        var validity = ValiditySeconds > 0 ? $",\n    \"certificateValidityPeriod\": {ValiditySeconds}" : "";
        File.WriteAllText(Path.Combine(_dir.Path, "pebble.json"), $$"""
            {
              "pebble": {
                "listenAddress": "127.0.0.1:{{Port}}",
                "managementListenAddress": "127.0.0.1:{{ManagementPort}}",
                "certificate": "{{_dir.Path}}/cert.pem",
                "privateKey": "{{_dir.Path}}/key.pem",
                "httpPort": {{HttpPort}},
                "tlsPort": {{TlsPort}},
                "ocspResponderURL": "",
                "externalAccountBindingRequired": false{{validity}}
              }
            }
            """);
    }

    private async Task StartProcessAsync()
    {
        var start = new ProcessStartInfo("pebble") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = _dir.Path };
        foreach (var arg in new[] { "-config", Path.Combine(_dir.Path, "pebble.json"), "-dnsserver", DnsServer })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["PEBBLE_VA_NOSLEEP"] = "1";
        foreach (var (name, value) in Env)
        {
            start.Environment[name] = value;
        }

        _pebble = Process.Start(start) ?? throw new InvalidOperationException("could not start pebble");
        _pebble.ErrorDataReceived += (_, e) => Append(e.Data);
        _pebble.OutputDataReceived += (_, e) => Append(e.Data);
        _pebble.BeginErrorReadLine();
        _pebble.BeginOutputReadLine();

        using var http = TrustingClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (_pebble.HasExited)
            {
                throw new InvalidOperationException($"pebble exited ({_pebble.ExitCode}):\n{Log}");
            }

            try
            {
                using var response = await http.GetAsync(DirectoryUrl);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"pebble did not answer at {DirectoryUrl} within 30 s:\n{Log}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>An HTTP client that trusts this Pebble's HTTPS certificate (the run's CA) and nothing else.</summary>
    public HttpClient TrustingClient()
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(CaRootFile);
        var handler = new SocketsHttpHandler();
        handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        handler.SslOptions.CertificateChainPolicy.CustomTrustStore.AddRange(roots);
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>The root Pebble's issued certificates chain to (it makes a new one at every start).</summary>
    public async Task<X509Certificate2> IssuingRootAsync()
    {
        using var http = TrustingClient();
        var pem = await http.GetStringAsync($"https://127.0.0.1:{ManagementPort}/roots/0");
        return X509Certificate2.CreateFromPem(pem);
    }

    /// <summary>Whether <paramref name="certificate"/> chains to this Pebble's issuing root and is valid for <paramref name="host"/>.</summary>
    public async Task<bool> IssuedAsync(X509Certificate2 certificate, string host)
    {
        using var root = await IssuingRootAsync();
        using var http = TrustingClient();
        var intermediate = X509Certificate2.CreateFromPem(await http.GetStringAsync($"https://127.0.0.1:{ManagementPort}/intermediates/0"));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.ExtraStore.Add(intermediate);
        return chain.Build(certificate) && certificate.MatchesHostname(host);
    }

    public async Task StopAsync()
    {
        if (_pebble is { HasExited: false })
        {
            _pebble.Kill(entireProcessTree: true);
            await _pebble.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _pebble?.Dispose();
        _dir.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"pebble {DirectoryUrl}\n{Log}");
}
