using k8s;
using k8s.Exceptions;

namespace AppLauncher.Runtime.Kubernetes;

/// <summary>
/// Finds the cluster AppLauncher talks to and loads it with the KubernetesClient library (exec plug-ins, merged
/// multi-path <c>KUBECONFIG</c>, the in-cluster service account); what the library cannot use becomes a
/// <see cref="KubernetesConfigException"/> that names the file.
/// </summary>
public static class KubeconfigLoader
{
    /// <summary>Where a pod finds its service account's token, CA and namespace.</summary>
    public const string ServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>
    /// The connection from <paramref name="path"/>; when empty, from <c>$KUBECONFIG</c> (every file in it, merged),
    /// then <c>~/.kube/config</c>, then the in-cluster service account.
    /// </summary>
    public static KubernetesConnection Load(string? path)
    {
        if (!string.IsNullOrEmpty(path))
        {
            return FromFile(path);
        }

        if (Environment.GetEnvironmentVariable("KUBECONFIG") is { Length: > 0 } fromEnvironment)
        {
            var missing = fromEnvironment.Split(Path.PathSeparator).Where(f => f.Length > 0 && !File.Exists(f)).ToList();
            if (missing.Count > 0)
            {
                throw new KubernetesConfigException($"kubeconfig {string.Join(", ", missing)} (from KUBECONFIG) does not exist: fix KUBECONFIG, or set runtime.kubernetes.kubeconfig");
            }

            return Build(() => KubernetesClientConfiguration.BuildDefaultConfig(), fromEnvironment, "KUBECONFIG");
        }

        var home = Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? "", ".kube", "config");
        if (File.Exists(home))
        {
            return FromFile(home);
        }

        if (KubernetesClientConfiguration.IsInCluster())
        {
            return Build(KubernetesClientConfiguration.InClusterConfig, ServiceAccountDirectory, "service account in");
        }

        throw new KubernetesConfigException(
            "no Kubernetes cluster configured: set runtime.kubernetes.kubeconfig in launcher.yaml, or KUBECONFIG, " +
            "or put a kubeconfig at ~/.kube/config, or run AppLauncher in a pod with a service account");
    }

    public static KubernetesConnection FromFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new KubernetesConfigException($"kubeconfig {path} does not exist: fix runtime.kubernetes.kubeconfig (or KUBECONFIG)");
        }

        return Build(() => KubernetesClientConfiguration.BuildConfigFromConfigFile(path), path, "");
    }

    private static KubernetesConnection Build(Func<KubernetesClientConfiguration> build, string where, string what)
    {
        KubernetesClientConfiguration configuration;
        try
        {
            configuration = build();
        }
        catch (Exception e) when (e is KubeConfigException or IOException or FormatException or YamlDotNet.Core.YamlException
                                      or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            // The library's own words (no current context, unknown user, exec plug-in failed…), with the file they are about.
            throw new KubernetesConfigException($"{(what.Length > 0 ? what + " " : "")}{where}: cannot be used: {e.Message.TrimEnd('.')}. Check it with `kubectl --kubeconfig {where.Split(Path.PathSeparator)[0]} config view`");
        }

        var source = configuration.CurrentContext is { Length: > 0 } context
            ? $"context '{context}' of {(what.Length > 0 ? what + " " : "")}{where}"
            : $"{(what.Length > 0 ? what + " " : "")}{where}";
        return new KubernetesConnection(configuration, source);
    }
}
