using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace AppLauncher.Tests.EndToEnd;

/// <summary>
/// End to end over HTTPS, real git, Docker and curl: a push to <c>https://localhost:{tls}</c> with git trusting the
/// local CA's root (<c>http.sslCAInfo</c>) deploys; the app answers through the proxy over HTTP/2 with its own leaf;
/// the API answers an HttpClient that trusts only that root.
/// </summary>
[Collection(LauncherCollection.Name)]
public sealed class HttpsPushTests(LauncherFixture launcher)
{
    [Fact]
    public async Task GitPushOverHttps_WithTheLocalRoot_DeploysAndTheAppAnswersOverHttp2()
    {
        var app = launcher.AppName("tls");
        using var repo = await AppRepository.FromSampleAsync("hello-node");
        var url = $"https://x:{LauncherFixture.Token}@localhost:{launcher.TlsPort}/{app}.git";

        var untrusted = await GitAsync(repo, "push", url, "main");
        var pushed = await GitAsync(repo, "-c", $"http.sslCAInfo={launcher.RootCertificatePath}", "push", url, "main");

        Assert.NotEqual(0, untrusted.ExitCode);
        AssertOutput.Contains("server certificate verification failed", untrusted);
        Assert.True(pushed.ExitCode == 0, pushed.ToString());
        var curl = await ProcessRunner.RunAsync("curl", ["-sS", "--max-time", "30", "--http2", "--cacert", launcher.RootCertificatePath, "-w", "\n%{http_version}",
            "--resolve", $"{app}.localhost:{launcher.TlsPort}:127.0.0.1", $"https://{app}.localhost:{launcher.TlsPort}/"], "/", timeout: TimeSpan.FromSeconds(40));
        Assert.True(curl.ExitCode == 0, curl.ToString());
        Assert.Equal("Hello from AppLauncher!\n\n2", curl.Output.TrimEnd('\n'));
    }

    /// <summary>git as a user runs it: GIT_SSL_CAINFO (set on this machine) would win over http.sslCAInfo.</summary>
    private static Task<ProcessRunner.Result> GitAsync(AppRepository repo, params string[] args) =>
        ProcessRunner.RunAsync("env", ["-u", "GIT_SSL_CAINFO", "git", .. args], repo.Path, timeout: TimeSpan.FromMinutes(5));

    [Fact]
    public async Task AppLauncherYaml_Https_OverridesThePlatformsRedirectAndHstsForItsRevision()
    {
        var app = launcher.AppName("hsts");
        using var repo = await AppRepository.FromSampleAsync("hello-node");
        await repo.WriteAndCommitAsync("launcher.yaml", "kind: App\nhttps:\n  redirect: true\n  hstsMaxAgeSeconds: 120\n", "https settings");
        var pushed = await repo.PushAsync(launcher.PushUrl(app));
        Assert.True(pushed.ExitCode == 0, pushed.ToString());

        // The fixture's platform setting is tls.redirect: false; this app's revision says true.
        var http = await CurlHeadersAsync($"http://{app}.localhost:{launcher.Port}/path?q=1");
        var https = await CurlHeadersAsync($"https://{app}.localhost:{launcher.TlsPort}/");
        var acme = await CurlHeadersAsync($"http://{app}.localhost:{launcher.Port}/.well-known/acme-challenge/t");

        Assert.Contains("HTTP/1.1 308", http.Output);
        Assert.Contains($"Location: https://{app}.localhost:{launcher.TlsPort}/path?q=1", http.Output);
        Assert.Contains("strict-transport-security: max-age=120", https.Output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("HTTP/1.1 308", acme.Output);
    }

    private Task<ProcessRunner.Result> CurlHeadersAsync(string url) =>
        ProcessRunner.RunAsync("curl", ["-sS", "--max-time", "30", "-D", "-", "-o", "/dev/null", "--cacert", launcher.RootCertificatePath, url], "/", timeout: TimeSpan.FromSeconds(40));

    [Fact]
    public async Task Cli_OverHttps_TrustsTheLocalRootInTheDataDirectoryAndNothingElse()
    {
        using var elsewhere = new TempDirectory();
        Task<ProcessRunner.Result> CliAsync(string data) => ProcessRunner.RunAsync(Path.Combine(RepositoryRoot.Path, "scripts", "launcher"), ["apps"], RepositoryRoot.Path,
            new Dictionary<string, string> { ["LAUNCHER_URL"] = $"https://localhost:{launcher.TlsPort}", ["LAUNCHER_TOKEN"] = LauncherFixture.Token, ["LAUNCHER_DATA"] = data, ["XDG_CONFIG_HOME"] = elsewhere.Path },
            TimeSpan.FromMinutes(3));

        var trusted = await CliAsync(launcher.DataDirectory);
        var untrusted = await CliAsync(elsewhere.Path);

        Assert.True(trusted.ExitCode == 0, trusted.ToString());
        Assert.NotEqual(0, untrusted.ExitCode);
        AssertOutput.Contains($"cannot reach AppLauncher at https://localhost:{launcher.TlsPort}/", untrusted);
        AssertOutput.DoesNotContain("   at ", untrusted);
    }

    [Fact]
    public async Task Api_OverHttps_AnswersAClientTrustingOnlyTheLocalRoot()
    {
        var root = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(launcher.RootCertificatePath));
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, CustomTrustStore = { root }, RevocationMode = X509RevocationMode.NoCheck },
            },
        };
        using var http = new HttpClient(handler);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"https://localhost:{launcher.TlsPort}/api/apps") { Version = HttpVersion.Version20 };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", LauncherFixture.Token);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.StartsWith("[", await response.Content.ReadAsStringAsync());
    }
}
