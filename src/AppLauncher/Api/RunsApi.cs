using AppLauncher.Core.Identity;
using AppLauncher.Identity;
using System.Text.Json;
using AppLauncher.Processes;
using AppLauncher.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AppLauncher.Api;

/// <summary>A one-off run to start: an argument vector (no shell), optional input, or detached.</summary>
public sealed record RunRequest(string[]? Command, string? Stdin = null, bool Detach = false);

/// <summary>A one-off run as the API shows it.</summary>
public sealed record RunDto(string Id, string Revision, string Command, string State, DateTimeOffset? StartedAt);

/// <summary>
/// <c>/api/apps/{name}/runs</c>: one-off commands in the app's current image (<c>launcher run</c>). An attached run
/// answers with NDJSON as it goes: <c>{"run": id}</c> once it started, <c>{"stream": "stdout", "text": …}</c> for its
/// output, and last <c>{"exitCode": n}</c>. A detached one answers 202 with the run; its output stays readable.
/// </summary>
internal static class RunsApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static RouteGroupBuilder MapRunsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/apps/{name}/runs");
        group.MapPost("/", RunAsync).RequireAppRole(Role.Developer);
        group.MapGet("/", ListAsync).RequireAppRole(Role.Viewer);
        group.MapGet("/console", ConsoleAsync).RequireAppRole(Role.Developer);
        group.MapGet("/{id}/logs", LogsAsync).RequireAppRole(Role.Viewer);
        return group;
    }

    private static async Task<IResult> RunAsync(string name, RunRequest request, HttpContext http, OneOffRuns runs, CancellationToken cancellationToken)
    {
        if (request.Command is not { Length: > 0 } command || command.Any(string.IsNullOrEmpty))
        {
            return TypedResults.Problem("Name the command to run after '--', e.g. launcher run <app> -- node --version.", statusCode: StatusCodes.Status400BadRequest, title: "No command");
        }

        var (spec, refusal) = await runs.PrepareAsync(name, cancellationToken);
        if (refusal is not null)
        {
            return TypedResults.Problem(refusal.Detail, statusCode: refusal.StatusCode, title: refusal.Title);
        }

        if (request.Stdin is not null && runs.InputRefusal is { } noInput)
        {
            return TypedResults.Problem(noInput.Detail, statusCode: noInput.StatusCode, title: noInput.Title);
        }

        if (request.Detach)
        {
            var run = await runs.StartDetachedAsync(spec!, command, cancellationToken);
            return TypedResults.Accepted($"/api/apps/{name}/runs/{Short(run.Id)}/logs", new RunDto(Short(run.Id), run.Revision, run.Command, "running", run.StartedAt));
        }

        http.Response.ContentType = "application/x-ndjson; charset=utf-8";
        using var stdin = request.Stdin is null ? null : new MemoryStream(System.Text.Encoding.UTF8.GetBytes(request.Stdin));
        var exitCode = await runs.RunAsync(spec!, command, stdin,
            id => WriteAsync(http, new { run = Short(id) }, cancellationToken),
            output => WriteAsync(http, new { stream = output.Stream, text = output.Text }, cancellationToken),
            cancellationToken);
        if (exitCode is null)
        {
            return TypedResults.Problem($"{OneOffRuns.MaxConcurrent} one-off runs are attached already, the platform's bound: wait for one to end, or run this one with --detach.",
                statusCode: StatusCodes.Status429TooManyRequests, title: "Too many runs");
        }

        await WriteAsync(http, new { exitCode }, cancellationToken);
        return TypedResults.Empty;
    }

    /// <summary>
    /// A live console (<see cref="RunConsoleSocket"/>): a WebSocket on which input streams in while output streams out.
    /// The command is the <c>command</c> query parameters, in order (<c>?command=sh&amp;command=-c&amp;command=…</c>).
    /// </summary>
    private static async Task<IResult> ConsoleAsync(string name, HttpContext http, OneOffRuns runs, CancellationToken cancellationToken)
    {
        if (http.Request.Query["command"] is not { Count: > 0 } values || values.Any(string.IsNullOrEmpty))
        {
            return TypedResults.Problem("Name the command to run after '--', e.g. launcher run -i <app> -- sh (query: ?command=sh).", statusCode: StatusCodes.Status400BadRequest, title: "No command");
        }

        var (spec, refusal) = await runs.PrepareAsync(name, cancellationToken);
        if ((refusal ?? runs.InputRefusal) is { } refused)
        {
            return TypedResults.Problem(refused.Detail, statusCode: refused.StatusCode, title: refused.Title);
        }

        // Checked last, so a client whose upgrade was refused can ask again without one and read why.
        if (!http.WebSockets.IsWebSocketRequest)
        {
            return TypedResults.Problem("A console is a WebSocket: connect with 'launcher run -i <app> -- <command…>', or use POST /api/apps/{name}/runs for a run without live input.",
                statusCode: StatusCodes.Status400BadRequest, title: "Not a WebSocket");
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        await RunConsoleSocket.RunAsync(socket, runs, spec!, [.. values.Select(v => v!)], cancellationToken);
        return TypedResults.Empty;
    }

    private static async Task<Results<Ok<RunDto[]>, ProblemHttpResult>> ListAsync(string name, IStore store, OneOffRuns runs, CancellationToken cancellationToken)
    {
        if (await store.GetAppAsync(name, cancellationToken) is null)
        {
            return ApiProblems.NoSuchApp(name);
        }

        var list = await runs.ListAsync(name, cancellationToken);
        return TypedResults.Ok(list.Select(r => new RunDto(Short(r.Id), r.Revision, r.Command, r.State, r.StartedAt)).ToArray());
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> LogsAsync(string name, string id, int? tail, IStore store, OneOffRuns runs, CancellationToken cancellationToken)
    {
        if (await store.GetAppAsync(name, cancellationToken) is null)
        {
            return ApiProblems.NoSuchApp(name);
        }

        var run = (await runs.ListAsync(name, cancellationToken)).FirstOrDefault(r => id.Length >= 6 && r.Id.StartsWith(id, StringComparison.Ordinal));
        if (run is null)
        {
            return TypedResults.Problem($"{name} has no run '{id}' (runs that were not detached are removed when they end). See 'launcher ps {name}'.", statusCode: StatusCodes.Status404NotFound, title: "No such run");
        }

        return TypedResults.Text(await runs.LogsAsync(run, Math.Clamp(tail ?? 100, 1, 10_000), cancellationToken), "text/plain; charset=utf-8");
    }

    private static async Task WriteAsync(HttpContext http, object line, CancellationToken cancellationToken)
    {
        await http.Response.WriteAsync(JsonSerializer.Serialize(line, Json) + "\n", cancellationToken);
        await http.Response.Body.FlushAsync(cancellationToken);
    }

    private static string Short(string id) => id[..Math.Min(12, id.Length)];
}
