using System.Text;
using System.Text.Json;
using AppLauncher.Core.Identity;
using AppLauncher.Identity;
using AppLauncher.Observability.Logs;
using AppLauncher.Runtime;
using AppLauncher.Security;
using AppLauncher.Store;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AppLauncher.Api;

/// <summary>
/// <c>/api/apps/{name}/logs</c>: the app's kept output (every instance, revision and process type, also of instances
/// gone), filtered by <c>tail</c>, <c>since</c>, <c>revision</c>, <c>process</c>; with <c>follow=true</c> the response
/// stays open and gives each new line as it is collected, until the client goes away. Text lines
/// (<c>2026-12-02T05:00:00Z app[web.1] v12: …</c>) or, with <c>format=json</c>, one JSON object per line.
/// <c>X-Launcher-Instances</c> says how many web instances run now (0: the app starts on its next request).
/// </summary>
internal static class LogsApi
{
    public const string InstancesHeader = "X-Launcher-Instances";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static RouteGroupBuilder MapLogsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/apps/{name}");
        group.MapGet("/logs", LogsAsync).RequireAppRole(Role.Viewer, deployTokens: true);
        return group;
    }

    private static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> LogsAsync(
        string name, int? tail, string? since, string? revision, string? process, bool? follow, string? format,
        HttpContext http, IStore store, IRuntime runtime, AppLogStore logs, TimeProvider time, IHostApplicationLifetime lifetime, CancellationToken cancellationToken)
    {
        if (await store.GetAppAsync(name, cancellationToken) is null)
        {
            return ApiProblems.NoSuchApp(name);
        }

        DateTimeOffset? from = null;
        if (since is not null && (from = LogSince.Parse(since, time.GetUtcNow())) is null)
        {
            return TypedResults.Problem($"since: '{Shorten(since)}' is not {LogSince.Expected}.", statusCode: StatusCodes.Status400BadRequest, title: "Query not valid");
        }

        if (format is not (null or "text" or "json"))
        {
            return TypedResults.Problem($"format: '{Shorten(format)}' is not a format; expected text (the default) or json (one object per line).", statusCode: StatusCodes.Status400BadRequest, title: "Query not valid");
        }

        if (tail is < 0)
        {
            return TypedResults.Problem($"tail: {tail} is not a number of lines; expected 0 to 10000 (the default: 100).", statusCode: StatusCodes.Status400BadRequest, title: "Query not valid");
        }

        var filter = new LogFilter(from, revision, process);
        var lines = Math.Min(tail ?? 100, 10_000);
        var json = format == "json";

        // Masked again on the way out: a value made secret after a line was kept is hidden too.
        var secrets = (await store.ListConfigAsync(name, cancellationToken)).Where(v => v.Secret && v.Value.Length > 0).Select(v => v.Value).ToList();
        var running = (await runtime.ListAsync(name, cancellationToken)).Count(i => i.Running);
        http.Response.Headers[InstancesHeader] = running.ToString(System.Globalization.CultureInfo.InvariantCulture);
        http.Response.Headers.CacheControl = "no-cache";

        var snapshot = logs.Open(name, follow == true);
        return TypedResults.Stream(async body =>
        {
            using var _ = snapshot;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
            try
            {
                var history = AppLogStore.Read(snapshot, filter, lines);
                var text = new StringBuilder();
                foreach (var entry in history)
                {
                    text.Append(Format(entry, json, secrets)).Append('\n');
                }

                await body.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), stop.Token);
                await body.FlushAsync(stop.Token);
                if (snapshot.Live is not { } live)
                {
                    return;
                }

                while (await live.WaitToReadAsync(stop.Token))
                {
                    text.Clear();
                    while (live.TryRead(out var entry))
                    {
                        if (filter.Matches(entry))
                        {
                            text.Append(Format(entry, json, secrets)).Append('\n');
                        }
                    }

                    if (text.Length > 0)
                    {
                        await body.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), stop.Token);
                        await body.FlushAsync(stop.Token);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The client went away, or the server stops: the stream ends cleanly.
            }
            catch (IOException) when (stop.IsCancellationRequested || http.RequestAborted.IsCancellationRequested)
            {
            }
        }, json ? "application/x-ndjson; charset=utf-8" : "text/plain; charset=utf-8");
    }

    private static string Format(LogEntry entry, bool json, IReadOnlyList<string> secrets)
    {
        var masked = secrets.Count == 0 ? entry : entry with { Line = SecretRedactor.Redact(entry.Line, secrets) };
        return json ? JsonSerializer.Serialize(masked, Json) : masked.ToText();
    }

    private static string Shorten(string text) => text.Length > 64 ? text[..64] + "…" : text;
}
