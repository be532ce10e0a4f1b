using AppLauncher.Docker;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace AppLauncher.Runtime;

/// <summary>Publishes images with the Docker Engine: tag <c>{registry}/{app}:{revision}</c>, push, reference by the returned digest.</summary>
internal sealed class DockerRegistryPublisher(IDockerClient docker, string registry) : IImagePublisher
{
    public async Task<string> PublishAsync(string app, string revision, string localImage, CancellationToken cancellationToken)
    {
        var repository = $"{registry}/{app}";
        try
        {
            await docker.Images.TagImageAsync(localImage, new ImageTagParameters { RepositoryName = repository, Tag = revision }, cancellationToken);
        }
        catch (DockerApiException e)
        {
            throw DockerRuntime.Refused($"tag {localImage} as {repository}:{revision}", e);
        }

        string? digest = null;
        string? error = null;
        int? status = null;
        try
        {
            // The engine wants an auth header even for a registry without authentication: an empty auth config.
            await docker.Images.PushImageAsync(repository, new ImagePushParameters { Tag = revision }, new AuthConfig(), new InlineProgress<JSONMessage>(message =>
            {
                error ??= message.Error?.Message;
                digest = DockerEngine.Aux(message, "Digest") ?? digest;
            }), cancellationToken);
        }
        catch (DockerApiException e)
        {
            error = DockerEngine.Message(e);
            status = (int)e.StatusCode;
        }

        if (error is not null)
        {
            throw new RuntimeException(
                $"the Docker Engine could not push {repository}:{revision}: {error.Trim()}. The cluster pulls images from runtime.kubernetes.registry ({registry}): check that it runs, " +
                "that this engine may push to it (a registry without TLS must be on 127.0.0.0/8 or in the engine's insecure-registries), and that the cluster can pull from it.")
            {
                StatusCode = status,
            };
        }

        return digest is null
            ? throw new RuntimeException($"the push of {repository}:{revision} to runtime.kubernetes.registry ({registry}) ended without a digest from the registry")
            : $"{repository}@{digest}";
    }
}
