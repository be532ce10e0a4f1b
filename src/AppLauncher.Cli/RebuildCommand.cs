using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace AppLauncher.Cli;

/// <summary>
/// <c>launcher rebuild [app] [--stack name] [--status] [--no-wait] [--json]</c>: rebuild an app's current commit now,
/// or every app on a stack image that changed (on one stack with <c>--stack</c>), then follow the queue to the end.
/// </summary>
internal static class RebuildCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Build(Func<ParseResult, Func<LauncherClient, Task>, Task<int>> run)
    {
        var app = new Argument<string?>("app") { Description = "Rebuild this app's current commit now, whether or not its stacks changed", Arity = ArgumentArity.ZeroOrOne };
        var stack = new Option<string>("--stack") { Description = "Only apps built on an older image of this stack (node-run, static-run…)" };
        var status = new Option<bool>("--status") { Description = "Show the rebuild queue and the latest outcomes" };
        var noWait = new Option<bool>("--no-wait") { Description = "Queue the rebuilds and return" };
        var json = new Option<bool>("--json") { Description = "Print the answer as JSON" };
        var command = new Command("rebuild",
            "Rebuild apps on changed stacks (security updates): every app whose image was built on an older stack image, or one app by name. One rebuild runs at a time; each releases like a push.")
        {
            app, stack, status, noWait, json,
        };
        command.SetAction((result, cancellationToken) => run(result, async client =>
        {
            var name = result.GetValue(app);
            if (name is not null && result.GetValue(stack) is not null)
            {
                throw new CliException("give an app or --stack, not both: 'launcher rebuild <app>' rebuilds one app, 'launcher rebuild --stack <name>' the apps on a stack");
            }

            if (result.GetValue(status))
            {
                var queue = (await client.CallAsync(HttpMethod.Get, "api/rebuilds", null, cancellationToken))!.Value;
                if (result.GetValue(json))
                {
                    Console.Out.WriteLine(JsonSerializer.Serialize(queue, Json));
                    return;
                }

                PrintStatus(queue);
                return;
            }

            if (name is not null)
            {
                await RebuildAppAsync(client, name, result.GetValue(noWait), result.GetValue(json), cancellationToken);
                return;
            }

            var answer = (await client.CallAsync(HttpMethod.Post, "api/rebuilds", new { stack = result.GetValue(stack) }, cancellationToken))!.Value;
            var queued = answer.GetProperty("apps").EnumerateArray().Where(a => a.GetProperty("queued").GetBoolean()).Select(a => a.GetProperty("app").GetString()!).ToList();
            if (result.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(answer, Json));
            }
            else
            {
                PrintDecisions(answer, result.GetValue(stack));
            }

            if (!result.GetValue(noWait) && queued.Count > 0)
            {
                await FollowAsync(client, queued, quiet: result.GetValue(json), cancellationToken);
            }
        }));
        return command;
    }

    private static async Task RebuildAppAsync(LauncherClient client, string name, bool noWait, bool json, CancellationToken cancellationToken)
    {
        var path = $"api/apps/{Uri.EscapeDataString(name)}/rebuild";
        var queued = (await client.CallAsync(HttpMethod.Post, path, null, cancellationToken))!.Value;
        if (noWait)
        {
            Console.Out.WriteLine(json ? JsonSerializer.Serialize(queued, Json) : $"Queued a rebuild of {name}: 'launcher rebuild {name}' again shows nothing new; 'launcher builds {name}' lists its build.");
            return;
        }

        if (!json)
        {
            AnsiConsole.MarkupLine($"Rebuilding [bold]{Markup.Escape(name)}[/] from its current commit (one rebuild runs at a time) …");
        }

        var outcomes = await FollowAsync(client, [name], quiet: json, cancellationToken);
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(outcomes[name], Json));
        }
    }

    /// <summary>Polls each app's rebuild state until it has finished, printing each change (waiting → rebuilding → outcome).</summary>
    private static async Task<Dictionary<string, JsonElement>> FollowAsync(LauncherClient client, IReadOnlyList<string> apps, bool quiet, CancellationToken cancellationToken)
    {
        var done = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var shown = new Dictionary<string, string>(StringComparer.Ordinal);
        var failed = 0;
        while (done.Count < apps.Count)
        {
            foreach (var app in apps.Where(a => !done.ContainsKey(a)))
            {
                var state = (await client.CallAsync(HttpMethod.Get, $"api/apps/{Uri.EscapeDataString(app)}/rebuild", null, cancellationToken))!.Value;
                var phase = state.GetProperty("running").GetBoolean() ? "rebuilding" : state.GetProperty("queued").GetBoolean() ? "waiting" : "done";
                if (phase == "done" && state.GetProperty("last") is { ValueKind: JsonValueKind.Object } last)
                {
                    done[app] = last.Clone();
                    failed += last.GetProperty("result").GetString() == "failed" ? 1 : 0;
                    if (!quiet)
                    {
                        PrintOutcome(last);
                    }
                }
                else if (!quiet && shown.GetValueOrDefault(app) != phase && phase != "done")
                {
                    AnsiConsole.MarkupLine($"  {Markup.Escape(app)}: {phase} …");
                }

                shown[app] = phase;
            }

            if (done.Count < apps.Count)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }

        if (failed > 0)
        {
            throw new CliException($"{failed} of {apps.Count} rebuild{(apps.Count == 1 ? "" : "s")} failed; what ran keeps running ('launcher builds <app> <id>' prints a build's log)");
        }

        return done;
    }

    private static void PrintOutcome(JsonElement outcome)
    {
        var app = outcome.GetProperty("app").GetString()!;
        var revision = outcome.GetProperty("revision").GetString();
        var detail = outcome.GetProperty("detail").GetString();
        AnsiConsole.MarkupLine(outcome.GetProperty("result").GetString() switch
        {
            "released" => $"  [green]{Markup.Escape(app)}: released {Markup.Escape(revision ?? "")}[/] ({Markup.Escape(outcome.GetProperty("reason").GetString()!)})",
            "skipped" => $"  {Markup.Escape(app)}: skipped, {Markup.Escape(detail ?? "")}",
            _ => $"  [red]{Markup.Escape(app)}: failed[/]: {Markup.Escape(detail ?? "")}",
        });
    }

    private static void PrintDecisions(JsonElement answer, string? stack)
    {
        var apps = answer.GetProperty("apps").EnumerateArray().ToList();
        if (apps.Count == 0)
        {
            AnsiConsole.MarkupLine(stack is null ? "No app has a released revision to check." : $"No app is built on {Markup.Escape(stack)}.");
            return;
        }

        var table = new Table().Border(TableBorder.Simple).AddColumn("APP").AddColumn("REVISION").AddColumn("DECISION");
        foreach (var a in apps)
        {
            table.AddRow(Markup.Escape(a.GetProperty("app").GetString()!), Markup.Escape(a.GetProperty("revision").GetString()!),
                a.GetProperty("queued").GetBoolean() ? $"[yellow]{Markup.Escape(a.GetProperty("reason").GetString()!)}[/]" : Markup.Escape("skipped: " + a.GetProperty("skipped").GetString()));
        }

        AnsiConsole.Write(table);
        if (answer.GetProperty("nextCheck") is { ValueKind: JsonValueKind.String } next)
        {
            AnsiConsole.MarkupLine($"Next scheduled check: {Markup.Escape(next.GetString()!)} (rebuild.schedule in the platform's launcher.yaml).");
        }
    }

    private static void PrintStatus(JsonElement queue)
    {
        var running = queue.GetProperty("running");
        AnsiConsole.MarkupLine(running.ValueKind == JsonValueKind.Object
            ? $"Rebuilding {Markup.Escape(running.GetProperty("app").GetString()!)} ({Markup.Escape(running.GetProperty("reason").GetString()!)})"
            : "No rebuild running.");
        var waiting = queue.GetProperty("queued").EnumerateArray().Select(q => q.GetProperty("app").GetString()!).ToList();
        AnsiConsole.MarkupLine(waiting.Count == 0 ? "None waiting." : $"Waiting ({waiting.Count}): {Markup.Escape(string.Join(", ", waiting))}");
        var table = new Table().Border(TableBorder.Simple).AddColumn("APP").AddColumn("OUTCOME").AddColumn("REVISION").AddColumn("REASON").AddColumn("FINISHED").AddColumn("DETAIL");
        foreach (var r in queue.GetProperty("recent").EnumerateArray())
        {
            table.AddRow(Markup.Escape(r.GetProperty("app").GetString()!), Markup.Escape(r.GetProperty("result").GetString()!), Markup.Escape(r.GetProperty("revision").GetString() ?? "-"),
                Markup.Escape(r.GetProperty("reason").GetString()!), Markup.Escape(r.GetProperty("finishedAt").GetString()!), Markup.Escape(r.GetProperty("detail").GetString() ?? ""));
        }

        AnsiConsole.Write(table);
    }
}
