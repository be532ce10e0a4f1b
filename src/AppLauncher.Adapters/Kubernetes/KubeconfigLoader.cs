using System.Security.Cryptography.X509Certificates;
using System.Text;
using YamlDotNet.RepresentationModel;

namespace AppLauncher.Kubernetes;

/// <summary>
/// Reads the connection of a kubeconfig's current context (server, CA, token or client certificate and key,
/// insecure-skip-tls-verify), or of the in-cluster service account. Only what AppLauncher needs: no exec or auth
/// provider plug-ins.
/// </summary>
public static class KubeconfigLoader
{
    /// <summary>Where a pod finds its service account's token, CA and namespace.</summary>
    public const string ServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>
    /// The connection from <paramref name="path"/>; when empty, from <c>$KUBECONFIG</c>, then <c>~/.kube/config</c>,
    /// then the in-cluster service account.
    /// </summary>
    public static KubernetesConnection Load(string? path, Func<string, string?>? environment = null, string serviceAccountDirectory = ServiceAccountDirectory)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (!string.IsNullOrEmpty(path))
        {
            return FromFile(path);
        }

        if (environment("KUBECONFIG") is { Length: > 0 } fromEnvironment)
        {
            return FromFile(fromEnvironment.Split(':')[0]);
        }

        var home = Path.Combine(environment("HOME") ?? "", ".kube", "config");
        if (File.Exists(home))
        {
            return FromFile(home);
        }

        if (environment("KUBERNETES_SERVICE_HOST") is { Length: > 0 })
        {
            return InCluster(environment, serviceAccountDirectory);
        }

        throw new KubernetesConfigException(
            "no Kubernetes cluster configured: set runtime.kubernetes.kubeconfig in launcher.yaml, or KUBECONFIG, " +
            "or put a kubeconfig at ~/.kube/config, or run AppLauncher in a pod with a service account");
    }

    /// <summary>The in-cluster connection: <c>KUBERNETES_SERVICE_HOST</c>/<c>_PORT</c> and the mounted service account.</summary>
    public static KubernetesConnection InCluster(Func<string, string?> environment, string serviceAccountDirectory = ServiceAccountDirectory)
    {
        var host = environment("KUBERNETES_SERVICE_HOST");
        var port = environment("KUBERNETES_SERVICE_PORT") ?? "443";
        var tokenFile = Path.Combine(serviceAccountDirectory, "token");
        if (string.IsNullOrEmpty(host) || !File.Exists(tokenFile))
        {
            throw new KubernetesConfigException(
                $"not running in a pod with a service account: KUBERNETES_SERVICE_HOST is {(string.IsNullOrEmpty(host) ? "unset" : "set")} and {tokenFile} {(File.Exists(tokenFile) ? "exists" : "does not exist")}; " +
                "give a kubeconfig instead (runtime.kubernetes.kubeconfig)");
        }

        var server = new Uri($"https://{(host.Contains(':') ? $"[{host}]" : host)}:{port}");
        var ca = Path.Combine(serviceAccountDirectory, "ca.crt");
        var ns = Path.Combine(serviceAccountDirectory, "namespace");
        return new KubernetesConnection(
            server,
            Source: $"service account in {serviceAccountDirectory}",
            Token: File.ReadAllText(tokenFile).Trim(),
            CertificateAuthorities: File.Exists(ca) ? Pem(File.ReadAllText(ca)) : null,
            Namespace: File.Exists(ns) ? File.ReadAllText(ns).Trim() : null);
    }

    public static KubernetesConnection FromFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new KubernetesConfigException($"kubeconfig {path} does not exist: fix runtime.kubernetes.kubeconfig (or KUBECONFIG)");
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses kubeconfig text; relative file references are taken from <paramref name="path"/>'s directory.</summary>
    public static KubernetesConnection Parse(string yaml, string path)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new KubernetesConfigException($"{path}:{e.Start.Line}: not valid YAML: {e.Message}");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new KubernetesConfigException($"{path}: empty kubeconfig");
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        var contextName = Scalar(root, "current-context")
            ?? throw new KubernetesConfigException($"{path}: current-context is not set: run `kubectl config use-context <name>` or set it in the file");
        var context = Named(root, "contexts", contextName, "context", path);
        var clusterName = Scalar(context, "cluster") ?? throw new KubernetesConfigException($"{path}: context '{contextName}' names no cluster");
        var cluster = Named(root, "clusters", clusterName, "cluster", path);
        var userName = Scalar(context, "user");
        var user = userName is null ? new YamlMappingNode() : Named(root, "users", userName, "user", path);

        var serverText = Scalar(cluster, "server");
        if (!Uri.TryCreate(serverText, UriKind.Absolute, out var server) || (server.Scheme != "https" && server.Scheme != "http"))
        {
            throw new KubernetesConfigException($"{path}: cluster '{clusterName}' server '{serverText}' is not an http(s) URL, e.g. https://10.0.0.1:6443");
        }

        var source = $"context '{contextName}' of {path}";
        var caText = Data(cluster, "certificate-authority", directory, path);
        var certificateText = Data(user, "client-certificate", directory, path);
        var keyText = Data(user, "client-key", directory, path);
        X509Certificate2? clientCertificate = null;
        if (certificateText is not null || keyText is not null)
        {
            if (certificateText is null || keyText is null)
            {
                throw new KubernetesConfigException($"{path}: user '{userName}' has a client certificate without its key (or a key without its certificate): give both");
            }

            clientCertificate = X509Certificate2.CreateFromPem(certificateText, keyText);
            // SslStream on Linux wants a certificate whose key it can export to the TLS layer: round-trip through PKCS#12.
            clientCertificate = X509CertificateLoader.LoadPkcs12(clientCertificate.Export(X509ContentType.Pkcs12), null);
        }

        var token = Scalar(user, "token");
        if (token is null && Scalar(user, "tokenFile") is { } tokenFile)
        {
            token = File.ReadAllText(Resolve(tokenFile, directory)).Trim();
        }

        if (user.Children.ContainsKey(new YamlScalarNode("exec")) && token is null && clientCertificate is null)
        {
            throw new KubernetesConfigException($"{path}: user '{userName}' authenticates with an exec plug-in, which AppLauncher does not run: give it a token or a client certificate (e.g. a service account token)");
        }

        return new KubernetesConnection(
            server,
            source,
            token,
            clientCertificate,
            caText is null ? null : Pem(caText),
            Scalar(cluster, "insecure-skip-tls-verify") == "true",
            Scalar(context, "namespace"));
    }

    private static X509Certificate2Collection Pem(string pem)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPem(pem);
        return collection;
    }

    /// <summary>A field given inline as base64 (<c>{name}-data</c>) or as a file (<c>{name}</c>).</summary>
    private static string? Data(YamlMappingNode node, string name, string directory, string path)
    {
        if (Scalar(node, name + "-data") is { } data)
        {
            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(data));
            }
            catch (FormatException)
            {
                throw new KubernetesConfigException($"{path}: {name}-data is not base64: paste the output of `base64 -w0 <file>`");
            }
        }

        if (Scalar(node, name) is { } file)
        {
            var full = Resolve(file, directory);
            return File.Exists(full) ? File.ReadAllText(full) : throw new KubernetesConfigException($"{path}: {name} {full} does not exist");
        }

        return null;
    }

    private static string Resolve(string file, string directory) => Path.IsPathRooted(file) ? file : Path.Combine(directory, file);

    private static YamlMappingNode Named(YamlMappingNode root, string list, string name, string field, string path)
    {
        if (root.Children.TryGetValue(new YamlScalarNode(list), out var items) && items is YamlSequenceNode sequence)
        {
            foreach (var item in sequence.OfType<YamlMappingNode>())
            {
                if (Scalar(item, "name") == name && item.Children.TryGetValue(new YamlScalarNode(field), out var value) && value is YamlMappingNode mapping)
                {
                    return mapping;
                }
            }
        }

        throw new KubernetesConfigException($"{path}: no {field} named '{name}' in {list}");
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode { Value: { Length: > 0 } text } ? text : null;
}
