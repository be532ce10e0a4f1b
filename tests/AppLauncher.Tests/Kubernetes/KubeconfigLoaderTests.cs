using System.Text;
using AppLauncher.Kubernetes;

namespace AppLauncher.Tests.Kubernetes;

public sealed class KubeconfigLoaderTests : IDisposable
{
    private readonly StandInCertificates _certificates = new();
    private readonly TempDirectory _dir = new();

    public void Dispose()
    {
        _certificates.Dispose();
        _dir.Dispose();
    }

    private static string Config(string user, string cluster = "server: https://127.0.0.1:6443", string current = "current-context: main") => $"""
        apiVersion: v1
        kind: Config
        {current}
        clusters:
        - name: c
          cluster:
            {cluster}
        contexts:
        - name: main
          context:
            cluster: c
            user: u
            namespace: shop
        users:
        - name: u
          user:
            {user}
        """;

    [Fact]
    public void Parse_TokenUser_ServerTokenNamespaceAndSource()
    {
        var connection = KubeconfigLoader.Parse(Config("token: abc"), "/k/config");

        Assert.Equal(new Uri("https://127.0.0.1:6443"), connection.Server);
        Assert.Equal("abc", connection.Token);
        Assert.Equal("shop", connection.Namespace);
        Assert.Equal("context 'main' of /k/config", connection.Source);
        Assert.False(connection.InsecureSkipTlsVerify);
        Assert.Null(connection.CertificateAuthorities);
    }

    [Fact]
    public void Parse_FilesRelativeToKubeconfig_CaCertificateKeyAndTokenFileRead()
    {
        File.WriteAllText(Path.Combine(_dir.Path, "ca.crt"), StandInCertificates.Pem("CERTIFICATE", _certificates.Authority.RawData));
        File.WriteAllText(Path.Combine(_dir.Path, "client.crt"), StandInCertificates.Pem("CERTIFICATE", _certificates.Client.RawData));
        File.WriteAllText(Path.Combine(_dir.Path, "client.key"), _certificates.ClientKeyPem());
        var yaml = Config("client-certificate: client.crt\n    client-key: client.key", "server: https://127.0.0.1:6443\n    certificate-authority: ca.crt");

        var connection = KubeconfigLoader.Parse(yaml, Path.Combine(_dir.Path, "config"));

        Assert.Equal(_certificates.Client.Thumbprint, connection.ClientCertificate!.Thumbprint);
        Assert.True(connection.ClientCertificate.HasPrivateKey);
        Assert.Equal(_certificates.Authority.Thumbprint, Assert.Single(connection.CertificateAuthorities!).Thumbprint);
    }

    [Theory]
    [InlineData("current-context: \"\"", "token: t", "current-context is not set")]
    [InlineData("current-context: elsewhere", "token: t", "no context named 'elsewhere' in contexts")]
    [InlineData("current-context: main", "client-certificate-data: Zm9v", "client certificate without its key")]
    [InlineData("current-context: main", "exec:\n      command: aws", "exec plug-in")]
    [InlineData("current-context: main", "client-key-data: '***'", "client-key-data is not base64")]
    public void Parse_Unusable_ErrorNamesFileAndFix(string current, string user, string expected)
    {
        var error = Assert.Throws<KubernetesConfigException>(() => KubeconfigLoader.Parse(Config(user, current: current), "/k/config"));

        Assert.StartsWith("/k/config: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ServerNotUrl_SaysWhatAServerLooksLike()
    {
        var error = Assert.Throws<KubernetesConfigException>(() => KubeconfigLoader.Parse(Config("token: t", cluster: "server: 10.0.0.1"), "/k/config"));

        Assert.Contains("server '10.0.0.1' is not an http(s) URL, e.g. https://10.0.0.1:6443", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InCluster_ServiceAccountTokenCaAndNamespace()
    {
        File.WriteAllText(Path.Combine(_dir.Path, "token"), "sa-token\n");
        File.WriteAllText(Path.Combine(_dir.Path, "ca.crt"), StandInCertificates.Pem("CERTIFICATE", _certificates.Authority.RawData));
        File.WriteAllText(Path.Combine(_dir.Path, "namespace"), "applauncher");
        var environment = new Dictionary<string, string> { ["KUBERNETES_SERVICE_HOST"] = "10.96.0.1", ["KUBERNETES_SERVICE_PORT"] = "443", ["HOME"] = _dir.Path };

        var connection = KubeconfigLoader.Load(null, environment.GetValueOrDefault, _dir.Path);

        Assert.Equal(new Uri("https://10.96.0.1:443"), connection.Server);
        Assert.Equal("sa-token", connection.Token);
        Assert.Equal("applauncher", connection.Namespace);
        Assert.NotNull(connection.CertificateAuthorities);
    }

    [Fact]
    public void Load_KubeconfigEnvironment_WinsOverInCluster()
    {
        var file = Path.Combine(_dir.Path, "kc");
        File.WriteAllText(file, Config("token: from-file"));
        var environment = new Dictionary<string, string> { ["KUBECONFIG"] = file, ["KUBERNETES_SERVICE_HOST"] = "10.96.0.1" };

        Assert.Equal("from-file", KubeconfigLoader.Load("", environment.GetValueOrDefault, _dir.Path).Token);
    }

    [Fact]
    public void Load_NothingConfigured_ErrorListsEveryWay()
    {
        var environment = new Dictionary<string, string> { ["HOME"] = _dir.Path };

        var error = Assert.Throws<KubernetesConfigException>(() => KubeconfigLoader.Load(null, environment.GetValueOrDefault, _dir.Path));

        Assert.Contains("runtime.kubernetes.kubeconfig", error.Message, StringComparison.Ordinal);
        Assert.Contains("~/.kube/config", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_NamesIt()
    {
        var error = Assert.Throws<KubernetesConfigException>(() => KubeconfigLoader.Load("/nope/kubeconfig"));

        Assert.Equal("kubeconfig /nope/kubeconfig does not exist: fix runtime.kubernetes.kubeconfig (or KUBECONFIG)", error.Message);
    }
}
