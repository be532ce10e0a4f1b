using AppLauncher.Core.Identity;
using AppLauncher.Identity;
using AppLauncher.Autoscaling;
using AppLauncher.Core.Processes;
using AppLauncher.Processes;
using AppLauncher.Runtime;
using AppLauncher.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AppLauncher.Api;

/// <summary>One instance of a process type.</summary>
public sealed record ProcessInstanceDto(string Id, string Revision, string State, DateTimeOffset? StartedAt);

/// <summary>
/// One process type of an app: <c>web</c> (autoscaled: <see cref="Desired"/> is null) or another Procfile type, with its
/// count, its instances, and its crashes (restarts since its revision was released, the last exit code, the back-off).
/// </summary>
public sealed record ProcessTypeDto(string Type, string? Command, int? Desired, int Running, int Restarts, string State, int? LastExitCode, DateTimeOffset? NextStartAt, ProcessInstanceDto[] Instances);

/// <summary>An app's process types at its current revision; <paramref name="NoWeb"/>: it has no web process (no <c>web</c> entry in <paramref name="Types"/>).</summary>
public sealed record ProcessesDto(string App, string? Revision, ProcessTypeDto[] Types, RunDto[] Runs, bool NoWeb = false);

/// <summary>A scale request: a count per non-web process type.</summary>
public sealed record FormationRequest(Dictionary<string, int>? Counts);

/// <summary><c>/api/apps/{name}/processes</c>: what runs (<c>launcher ps</c>); <c>/formation</c>: the count of each non-web type (<c>launcher scale</c>).</summary>
internal static class ProcessesApi
{
    public static RouteGroupBuilder MapProcessesApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/apps/{name}");
        group.MapGet("/processes", ListAsync).RequireAppRole(Role.Viewer);
        group.MapPatch("/formation", ScaleAsync).RequireAppRole(Role.Developer);
        return group;
    }

    private static async Task<Results<Ok<ProcessesDto>, ProblemHttpResult>> ListAsync(
        string name, IStore store, IRuntime runtime, ProcessSupervisor supervisor, ProcessFormation formation, CrashLoops crashes, OneOffRuns runs, TimeProvider time, CancellationToken cancellationToken, [Microsoft.AspNetCore.Mvc.FromServices] IProcessRuntime? processes = null,
        [Microsoft.AspNetCore.Mvc.FromServices] IProcessDeployments? deployments = null)
    {
        if (await store.GetAppAsync(name, cancellationToken) is not { } app)
        {
            return ApiProblems.NoSuchApp(name);
        }

        var revision = app.CurrentRevision is { } current ? await store.GetRevisionAsync(current, cancellationToken) : null;
        var types = new List<ProcessTypeDto>();
        if (revision is { NoWeb: false })
        {
            var web = (await runtime.ListAsync(name, cancellationToken)).Where(i => i.Revision == revision.Name).ToList();
            var webCrash = crashes.Find(revision.Name);
            types.Add(new ProcessTypeDto(ProcessTypes.Web, null, null, web.Count(i => i.Serving), webCrash?.Crashes ?? 0,
                webCrash is { } w && w.BackingOff(time.GetUtcNow()) ? "backing off" : web.Any(i => i.Serving) ? "running" : "scaled to zero",
                webCrash?.LastExitCode, webCrash?.NextStartAt,
                [.. web.Select(i => new ProcessInstanceDto(Short(i.Id), i.Revision, i.Paused ? "paused" : i.Running ? "running" : "stopped", null))]));
        }

        if (revision is not null)
        {
            // Docker: AppLauncher's own instances; Kubernetes: the pods of each type's Deployment.
            var running = processes is not null ? await processes.ListProcessesAsync(name, cancellationToken)
                : deployments is not null ? await deployments.ListProcessPodsAsync(name, cancellationToken) : [];
            var counts = await formation.GetAsync(name, cancellationToken);
            var restartCounts = await supervisor.RestartsAsync(name, cancellationToken);
            foreach (var (type, command) in revision.Processes ?? new Dictionary<string, string>())
            {
                var instances = running.Where(p => p.Type == type && p.Revision == revision.Name).ToList();
                var desired = ScaleRequest.Desired(type, counts);
                var up = instances.Count(p => p.Running && !supervisor.IsStopping(p.Id));
                // On Kubernetes the kubelet restarts a crashed pod (with its own back-off) and counts the restarts.
                var restarts = restartCounts.GetValueOrDefault(ProcessSupervisor.Key(revision.Name, type)) + instances.Sum(p => p.Restarts);
                var backoff = supervisor.Backoff(revision.Name, type);
                var state = (backoff, up) switch
                {
                    ({ } b, _) when b.BackingOff(time.GetUtcNow()) && up < desired => b.CrashLooping(time.GetUtcNow()) ? "crash loop: backing off" : "backing off",
                    _ when up < desired && instances.Any(p => !p.Running && p.Restarts > 0) => "crash loop: backing off (kubelet)",
                    _ when up == desired => desired == 0 ? "scaled to zero" : "running",
                    _ when up < desired => "starting",
                    _ => "scaling down",
                };
                types.Add(new ProcessTypeDto(type, command, desired, up, restarts, state, backoff?.LastExitCode, backoff?.NextStartAt,
                    [.. instances.Select(p => new ProcessInstanceDto(Short(p.Id), p.Revision, supervisor.IsStopping(p.Id) ? "stopping" : p.Running ? "running" : p.ExitCode is null ? "starting" : $"exited ({p.ExitCode})", p.StartedAt))]));
            }
        }

        var oneOff = (await runs.ListAsync(name, cancellationToken)).Select(r => new RunDto(Short(r.Id), r.Revision, r.Command, r.State, r.StartedAt));
        return TypedResults.Ok(new ProcessesDto(name, revision?.Name, [.. types], [.. oneOff], revision?.NoWeb ?? false));
    }

    /// <summary>Sets the counts, then runs one supervision pass so the answer shows them taking effect; bad input changes nothing.</summary>
    private static async Task<Results<Ok<ProcessesDto>, ProblemHttpResult>> ScaleAsync(
        string name, FormationRequest request, IStore store, IRuntime runtime, ProcessSupervisor supervisor, ProcessFormation formation, CrashLoops crashes, OneOffRuns runs, TimeProvider time,
        CancellationToken cancellationToken, [Microsoft.AspNetCore.Mvc.FromServices] IProcessRuntime? processes = null,
        [Microsoft.AspNetCore.Mvc.FromServices] IProcessDeployments? deployments = null)
    {
        if (await store.GetAppAsync(name, cancellationToken) is not { } app)
        {
            return ApiProblems.NoSuchApp(name);
        }

        if (app.CurrentRevision is null || await store.GetRevisionAsync(app.CurrentRevision, cancellationToken) is not { } revision)
        {
            return TypedResults.Problem($"{name} has no revision yet: push it first (git push), then scale its process types.", statusCode: StatusCodes.Status409Conflict, title: "Nothing to scale");
        }

        var (counts, error) = ScaleRequest.Parse(request.Counts ?? [], [.. (revision.Processes ?? new Dictionary<string, string>()).Keys]);
        if (error is not null)
        {
            return TypedResults.Problem($"Cannot scale {name}: {error}. Nothing was changed.", statusCode: StatusCodes.Status400BadRequest, title: "Bad scale request");
        }

        if (!supervisor.Enabled && deployments is null)
        {
            return TypedResults.Problem("This runtime does not run non-web process types yet.", statusCode: StatusCodes.Status409Conflict, title: "Not supported here");
        }

        // Kept in the store either way: on Kubernetes the next deploy applies each Deployment at this count.
        await formation.SetAsync(name, counts!, cancellationToken);
        if (deployments is not null)
        {
            foreach (var (type, count) in counts!)
            {
                await deployments.ScaleProcessAsync(name, type, count, cancellationToken);
            }
        }

        await supervisor.ReconcileAsync(name, cancellationToken);
        return await ListAsync(name, store, runtime, supervisor, formation, crashes, runs, time, cancellationToken, processes, deployments);
    }

    // Docker's ids are 64 hex digits, shown as docker shows them; a pod's or Job's name is shown whole.
    private static string Short(string id) => id.Length == 64 && id.All(char.IsAsciiHexDigit) ? id[..12] : id;
}
