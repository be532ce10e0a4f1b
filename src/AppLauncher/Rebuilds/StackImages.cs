using AppLauncher.Core.Config;
using AppLauncher.Core.Rebuilds;
using Docker.DotNet;

namespace AppLauncher.Rebuilds;

/// <summary>The stack images as the Docker Engine holds them now, and the stacks an app's image records it was built on.</summary>
internal sealed class StackImages(IDockerClient docker, PlatformConfig config)
{
    /// <summary>Stack name → the id of the image it names now, for every configured build and run stack on this machine.</summary>
    public async Task<IReadOnlyDictionary<string, string>> CurrentAsync(CancellationToken cancellationToken)
    {
        var current = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var image in config.Stacks.Values.SelectMany(s => new[] { s.Build, s.Run }).Where(i => i.Length > 0).Distinct(StringComparer.Ordinal))
        {
            try
            {
                var inspected = await docker.Images.InspectImageAsync(image, cancellationToken);
                var stamp = StackStamp.Of(image, Labels(inspected.Config?.Labels), inspected.ID);
                current[stamp.Name] = stamp.Id;
            }
            catch (DockerImageNotFoundException)
            {
                // Not built here (yet): apps on it cannot be compared, and a build on it fails saying so.
            }
        }

        return current;
    }

    /// <summary>The stacks recorded on the image <paramref name="imageId"/>; empty when it records none or is gone.</summary>
    public async Task<IReadOnlyList<StackStamp>> BuiltOnAsync(string imageId, CancellationToken cancellationToken)
    {
        try
        {
            var inspected = await docker.Images.InspectImageAsync(imageId, cancellationToken);
            return Labels(inspected.Config?.Labels)?.GetValueOrDefault(StackStamps.Label) is { } label ? StackStamps.Parse(label) : [];
        }
        catch (DockerImageNotFoundException)
        {
            return [];
        }
    }

    private static Dictionary<string, string>? Labels(IDictionary<string, string>? labels) =>
        labels is null ? null : new Dictionary<string, string>(labels, StringComparer.Ordinal);
}
