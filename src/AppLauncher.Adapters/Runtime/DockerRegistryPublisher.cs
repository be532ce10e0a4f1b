using AppLauncher.Docker;

namespace AppLauncher.Runtime;

/// <summary>Publishes images with the Docker Engine: tag <c>{registry}/{app}:{revision}</c>, push, reference by the returned digest.</summary>
internal sealed class DockerRegistryPublisher(IDockerClient docker, string registry) : IImagePublisher
{
    public async Task<string> PublishAsync(string app, string revision, string localImage, CancellationToken cancellationToken)
    {
        var repository = $"{registry}/{app}";
        await docker.TagImageAsync(localImage, repository, revision, cancellationToken);
        try
        {
            var digest = await docker.PushImageAsync(repository, revision, cancellationToken);
            return $"{repository}@{digest}";
        }
        catch (DockerException e)
        {
            throw new DockerException(e.StatusCode,
                $"{e.Message}. The cluster pulls images from runtime.kubernetes.registry ({registry}): check that it runs, that this engine may push to it (a registry without TLS must be on 127.0.0.0/8 or in the engine's insecure-registries), and that the cluster can pull from it.");
        }
    }
}
