namespace AppLauncher.Runtime;

/// <summary>
/// A runtime (the Docker Engine, the Kubernetes API server) refused or failed a call. Both runtimes throw this type,
/// so callers catch one runtime-neutral failure; the message says which call failed and why, in words for the user.
/// </summary>
public sealed class RuntimeException : Exception
{
    public RuntimeException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP status the engine or API server answered with, when there was one.</summary>
    public int? StatusCode { get; init; }
}
