using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AppLauncher.Core.Apps;
using AppLauncher.Core.Autoscaling;
using AppLauncher.Core.Autoscaling.Simulation;
using Spectre.Console;

namespace AppLauncher.Cli;

/// <summary>
/// <c>launcher simulate &lt;trace.csv&gt; [--app DIR] [--ms-per-token N] [--json]</c>: replays a request-arrival trace
/// through the autoscaler's decider and a model of instances, next to Knative's KPA defaults. Needs no server.
/// </summary>
internal static class SimulateCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create()
    {
        var trace = new Argument<string>("trace") { Description = "A trace file: TIMESTAMP,ContextTokens,GeneratedTokens per request (the format of ../shared/traces)" };
        var app = new Option<string?>("--app") { Description = "Also simulate the autoscaling: section of this folder's launcher.yaml" };
        var msPerToken = new Option<double>("--ms-per-token") { Description = "Service time per generated token in milliseconds (default 1)", DefaultValueFactory = _ => 1 };
        var speedup = new Option<double>("--speedup") { Description = "Compress time by this factor: arrivals N times closer together (default 1)", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print the results as JSON" };
        var command = new Command("simulate", "Replay a request-arrival trace through the autoscaler (and Knative's KPA defaults) and print cold starts, delayed requests and instance-seconds.")
        {
            trace, app, msPerToken, speedup, json,
        };
        command.SetAction(result =>
        {
            var path = result.GetValue(trace)!;
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"launcher simulate: no such file: {path}");
                return 2;
            }

            var perToken = result.GetValue(msPerToken);
            if (perToken is < 0 or > 10_000 || double.IsNaN(perToken))
            {
                Console.Error.WriteLine("launcher simulate: --ms-per-token must be between 0 and 10000");
                return 2;
            }

            var factor = result.GetValue(speedup);
            if (factor is < 0.001 or > 1000 || double.IsNaN(factor))
            {
                Console.Error.WriteLine("launcher simulate: --speedup must be between 0.001 and 1000");
                return 2;
            }

            IReadOnlyList<TraceRequest> requests;
            using (var reader = new StreamReader(path))
            {
                requests = ArrivalTrace.Parse(reader, perToken / 1000, out var error);
                if (error is not null)
                {
                    Console.Error.WriteLine($"launcher simulate: {path}: {error}");
                    return 2;
                }
            }

            requests = [.. requests.Select(r => r with { ArrivalSeconds = r.ArrivalSeconds / factor })];
            var policies = new List<(string Name, AutoscalingPolicy Policy)>(SimulatedPolicies.Defaults);
            if (result.GetValue(app) is { } dir)
            {
                if (AppPolicy(dir) is not { } own)
                {
                    return 2;
                }

                policies.Add(($"{Path.GetFileName(Path.GetFullPath(dir))} (launcher.yaml)", own));
            }

            var results = policies.Select(p => new AutoscalerSimulation(p.Name, p.Policy, new SimulationOptions()).Run(requests)).ToList();
            if (result.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(results, Json));
                return 0;
            }

            Print(path, requests, results);
            return 0;
        });
        return command;
    }

    private static AutoscalingPolicy? AppPolicy(string dir)
    {
        if (!Directory.Exists(dir))
        {
            Console.Error.WriteLine($"launcher simulate: no such folder: {dir}");
            return null;
        }

        var config = AppConfigFile.Read(DirectorySourceTree.Load(dir));
        if (config is { Errors.Count: > 0 })
        {
            config.Errors.ToList().ForEach(e => Console.Error.WriteLine($"launcher simulate: {e}"));
            return null;
        }

        return config?.Value?.Autoscaling ?? new AutoscalingPolicy();
    }

    private static void Print(string path, IReadOnlyList<TraceRequest> requests, IReadOnlyList<SimulationResult> results)
    {
        var c = CultureInfo.InvariantCulture;
        Console.Out.WriteLine(string.Create(c, $"{Path.GetFileName(path)}: {requests.Count} requests over {requests[^1].ArrivalSeconds:0} s"));
        var table = new Table().Border(TableBorder.Simple);
        foreach (var header in new[] { "policy", "cold starts", "thaws", "delayed >100ms", "wait p99", "wait max", "refused", "instance-s running", "instance-s paused", "peak" })
        {
            table.AddColumn(header);
        }

        foreach (var r in results)
        {
            table.AddRow(
                Markup.Escape(r.Policy),
                r.ColdStarts.ToString(c),
                r.Thaws.ToString(c),
                r.Delayed.ToString(c),
                string.Create(c, $"{r.WaitP99Seconds * 1000:0} ms"),
                string.Create(c, $"{r.WaitMaxSeconds * 1000:0} ms"),
                r.Refused.ToString(c),
                r.RunningInstanceSeconds.ToString("0", c),
                r.PausedInstanceSeconds.ToString("0", c),
                r.PeakInstances.ToString(c));
        }

        AnsiConsole.Write(table);
    }
}
