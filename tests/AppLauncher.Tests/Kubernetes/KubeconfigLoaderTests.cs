using AppLauncher.Core.Manifests;
using AppLauncher.Runtime.Kubernetes;

namespace AppLauncher.Tests.Kubernetes;

/// <summary>
/// Which cluster AppLauncher loads, through the KubernetesClient library, and the start-up error when it cannot use
/// it; the credentials that reach <see cref="KubernetesApiStandIn"/> prove what the library made of the file.
/// </summary>
public sealed class KubeconfigLoaderTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private KubernetesApiStandIn _server = null!;

    public async Task InitializeAsync() => _server = await KubernetesApiStandIn.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir.Path, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string Config(string user, string cluster, string current = "current-context: main") => Write("config", $"""
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
        """);

    private string Server => $"server: {_server.Url.ToString().TrimEnd('/')}";

    private async Task<RecordedRequest> ApplyNamespaceAsync(KubernetesConnection connection)
    {
        using var client = connection.CreateClient();
        await client.ApplyAsync(NamespaceManifest.MakeNamespace("apps"), CancellationToken.None);
        return Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task FromFile_TokenUser_ContextNamespaceSourceAndBearer()
    {
        var file = Config($"token: {KubernetesApiStandIn.Token}", $"{Server}\n    certificate-authority: ca.crt");
        Write("ca.crt", StandInCertificates.Pem("CERTIFICATE", _server.Certificates.Authority.RawData));

        var connection = KubeconfigLoader.FromFile(file);

        Assert.Equal("shop", connection.Configuration.Namespace);
        Assert.Equal($"context 'main' of {file}", connection.Source);
        Assert.Equal($"Bearer {KubernetesApiStandIn.Token}", (await ApplyNamespaceAsync(connection)).Authorization);
    }

    [Fact]
    public async Task FromFile_FilesRelativeToKubeconfig_CaAndClientCertificateUsed()
    {
        Write("ca.crt", StandInCertificates.Pem("CERTIFICATE", _server.Certificates.Authority.RawData));
        Write("client.crt", StandInCertificates.Pem("CERTIFICATE", _server.Certificates.Client.RawData));
        Write("client.key", _server.Certificates.ClientKeyPem());
        var file = Config("client-certificate: client.crt\n    client-key: client.key", $"{Server}\n    certificate-authority: ca.crt");

        var request = await ApplyNamespaceAsync(KubeconfigLoader.FromFile(file));

        Assert.True(request.ClientCertificate);
        Assert.Null(request.Authorization);
    }

    [Fact]
    public async Task FromFile_ExecPlugin_RunsItAndSendsItsToken()
    {
        var plugin = Write("token-plugin", $$$"""
            #!/bin/sh
            echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"{{{KubernetesApiStandIn.Token}}}"}}'
            """);
        File.SetUnixFileMode(plugin, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Write("ca.crt", StandInCertificates.Pem("CERTIFICATE", _server.Certificates.Authority.RawData));
        var file = Config($"exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: {plugin}\n      interactiveMode: Never", $"{Server}\n    certificate-authority: ca.crt");

        var request = await ApplyNamespaceAsync(KubeconfigLoader.FromFile(file));

        Assert.Equal($"Bearer {KubernetesApiStandIn.Token}", request.Authorization);
    }

    [Theory]
    [InlineData("current-context: elsewhere", "token: t")]
    [InlineData("current-context: main", "client-key-data: '***'")]
    public void FromFile_Unusable_ErrorNamesTheFile(string current, string user)
    {
        var file = Config(user, Server, current);

        var error = Assert.Throws<KubernetesConfigException>(() => KubeconfigLoader.FromFile(file));

        Assert.StartsWith($"{file}: cannot be used: ", error.Message, StringComparison.Ordinal);
        Assert.Contains($"kubectl --kubeconfig {file} config view", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_NamesIt()
    {
        var error = Assert.Throws<KubernetesConfigException>(() => KubeconfigLoader.Load("/nope/kubeconfig"));

        Assert.Equal("kubeconfig /nope/kubeconfig does not exist: fix runtime.kubernetes.kubeconfig (or KUBECONFIG)", error.Message);
    }
}
