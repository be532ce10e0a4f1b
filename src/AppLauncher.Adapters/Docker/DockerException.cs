namespace AppLauncher.Docker;

/// <summary>The Docker Engine refused a call; <see cref="Exception.Message"/> is the engine's own message.</summary>
public sealed class DockerException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
