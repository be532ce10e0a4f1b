using Docker.DotNet;

namespace AppLauncher.Docker;

/// <summary>The local Docker Engine's images.</summary>
internal sealed class DockerImageInventory(IDockerClient docker) : IImageInventory
{
    public async Task<bool> ExistsAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            await docker.Images.InspectImageAsync(image, cancellationToken);
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
    }
}
