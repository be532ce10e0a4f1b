namespace AppLauncher.Runtime;

/// <summary>Puts a locally built image where a cluster can pull it, and says how to reference it by digest.</summary>
public interface IImagePublisher
{
    /// <summary>Pushes <paramref name="localImage"/> as the app's revision; returns <c>registry/app@sha256:…</c>.</summary>
    Task<string> PublishAsync(string app, string revision, string localImage, CancellationToken cancellationToken);
}
