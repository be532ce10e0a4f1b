using AppLauncher.Core.Identity;
using AppLauncher.Identity;
using AppLauncher.Apps;
using AppLauncher.Autoscaling;
using AppLauncher.Core.Autoscaling;
using AppLauncher.Security;
using AppLauncher.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AppLauncher.Api;

/// <summary><c>/api/apps/{name}/autoscaling</c>: read and change an app's policy at run time; <c>/scale</c>: what the autoscaler sees and decided.</summary>
internal static class AutoscalingApi
{
    public static RouteGroupBuilder MapAutoscalingApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/apps/{name}");
        group.MapGet("/autoscaling", GetAsync).RequireAppRole(Role.Viewer);
        group.MapPut("/autoscaling", PutAsync).RequireAppRole(Role.Developer);
        group.MapGet("/scale", StatusAsync).RequireAppRole(Role.Viewer);
        return group;
    }

    private static async Task<Results<Ok<AutoscalingPolicy>, ProblemHttpResult>> GetAsync(string name, IStore store, AutoscalingPolicies policies, CancellationToken cancellationToken) =>
        await store.GetAppAsync(name, cancellationToken) is null
            ? ApiProblems.NoSuchApp(name)
            : TypedResults.Ok(await policies.GetAsync(name, cancellationToken));

    /// <summary>Replaces the policy (the CLI sends the current one with its changes); invalid input changes nothing.</summary>
    private static async Task<Results<Ok<AutoscalingPolicy>, ValidationProblem, ProblemHttpResult>> PutAsync(
        string name, AutoscalingPolicy policy, IStore store, AutoscalingPolicies policies, AutoscalerService autoscaler, CancellationToken cancellationToken)
    {
        if (await store.GetAppAsync(name, cancellationToken) is null)
        {
            return ApiProblems.NoSuchApp(name);
        }

        var result = new AutoscalingPolicyValidator().Validate(policy);
        if (!result.IsValid)
        {
            var errors = result.Errors
                .GroupBy(e => Core.Config.YamlConfigReader<AutoscalingPolicy>.ToYamlPath(e.PropertyName))
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray());
            return TypedResults.ValidationProblem(errors, title: $"The autoscaling policy for {name} is not valid; nothing was changed.");
        }

        await policies.SetAsync(name, policy, cancellationToken);
        autoscaler.PolicyChanged(name);
        return TypedResults.Ok(policy);
    }

    private static async Task<Results<Ok<ScaleStatus>, ProblemHttpResult>> StatusAsync(string name, AutoscalerService autoscaler, IStore store, CancellationToken cancellationToken)
    {
        if (autoscaler.Status(name) is not { } status)
        {
            return TypedResults.Problem($"The autoscaler has not looked at '{name}' yet: it is not deployed, or was deployed less than a tick ago.", statusCode: StatusCodes.Status404NotFound);
        }

        // The crashed instance's last output is the app's: masked like /logs.
        if (status.Crashes is { LastOutput.Length: > 0 } crashes)
        {
            var secrets = (await store.ListConfigAsync(name, cancellationToken)).Where(v => v.Secret).Select(v => v.Value);
            status = status with { Crashes = crashes with { LastOutput = SecretRedactor.Redact(crashes.LastOutput, secrets) } };
        }

        return TypedResults.Ok(status);
    }

}
