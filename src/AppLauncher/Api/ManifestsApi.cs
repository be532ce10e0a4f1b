using AppLauncher.Core.Identity;
using AppLauncher.Identity;
using AppLauncher.Core.Apps;
using AppLauncher.Core.Config;
using AppLauncher.Core.Manifests;
using AppLauncher.Release;
using AppLauncher.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AppLauncher.Api;

/// <summary><c>GET /api/apps/{name}/manifests</c>: the Kubernetes manifests of an app's current revision, as YAML.</summary>
internal static class ManifestsApi
{
    public static RouteGroupBuilder MapManifestsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/apps");
        group.MapGet("/{name}/manifests", GetAsync).RequireAppRole(Role.Viewer);
        return group;
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetAsync(
        string name, IStore store, PlatformConfig config, RevisionInstances specs, CancellationToken cancellationToken)
    {
        var app = await store.GetAppAsync(name, cancellationToken);
        if (app is null)
        {
            return ApiProblems.NoSuchApp(name);
        }

        if (app.CurrentRevision is null || await store.GetRevisionAsync(app.CurrentRevision, cancellationToken) is not { } revision)
        {
            return TypedResults.Problem($"{name} has not been deployed yet: push it first; its manifests are made from its current revision.",
                statusCode: StatusCodes.Status404NotFound, title: "Not deployed");
        }

        var cluster = config.Runtime.Kubernetes;
        var header = new List<string> { $"Kubernetes manifests for {name}, revision {revision.Name} (commit {revision.Commit})" };
        var image = revision.Image;
        if (!image.Contains("@sha256:", StringComparison.Ordinal))
        {
            // Built for the Docker runtime: the image is only in the local engine. Its ID stands in for the digest the
            // registry will return when the Kubernetes runtime pushes it.
            image = $"{cluster.Registry}/{name}@{revision.ImageId}";
            header.Add($"image: {revision.Image} is not in a registry yet; its local image ID stands in for the digest until it is pushed to {cluster.Registry}");
        }

        ManifestInput input;
        try
        {
            var spec = await specs.SpecAsync(revision, cancellationToken);
            input = ManifestInputFactory.Create(name, revision.Name, image, spec.Buildpack, spec.Commit, spec.AppConfig, cluster, config.Deploy.AppPort);
            input = input with { Autoscaling = spec.Autoscaling ?? input.Autoscaling };
        }
        catch (FormatException e)
        {
            return TypedResults.Problem($"{name}'s {e.Message}: fix it and push again.", statusCode: StatusCodes.Status422UnprocessableEntity, title: "Bad app configuration");
        }

        var errors = new ManifestInputValidator().Validate(input).Errors;
        if (errors.Count > 0)
        {
            return TypedResults.Problem(string.Join("\n", errors.Select(e => e.ErrorMessage)), statusCode: StatusCodes.Status422UnprocessableEntity, title: "Cannot make manifests");
        }

        return TypedResults.Text(ManifestYamlWriter.Write(AppManifests.Make(input), header), "application/yaml; charset=utf-8");
    }
}
