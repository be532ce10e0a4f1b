namespace AppLauncher.Runtime.Kubernetes;

/// <summary>A kubeconfig (or the in-cluster service account) cannot be used; the message names the file, the field and the fix.</summary>
public sealed class KubernetesConfigException(string message) : Exception(message);
