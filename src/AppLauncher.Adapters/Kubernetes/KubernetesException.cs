namespace AppLauncher.Kubernetes;

/// <summary>
/// The API server refused a call. <see cref="Reason"/> is the Status object's reason (<c>Conflict</c>, <c>Invalid</c>,
/// <c>Unauthorized</c>, <c>Expired</c>…); the message says what was asked, what the server said, and what to do.
/// </summary>
public sealed class KubernetesException(int statusCode, string reason, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public string Reason { get; } = reason;
}
