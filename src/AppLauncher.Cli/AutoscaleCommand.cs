using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AppLauncher.Core.Autoscaling;
using Spectre.Console;

namespace AppLauncher.Cli;

/// <summary><c>launcher autoscale &lt;app&gt; [--min N --max N --target N …]</c>: show or change an app's autoscaling policy.</summary>
internal static class AutoscaleCommand
{
    public static Command Build(Func<ParseResult, Func<LauncherClient, Task>, Task<int>> run)
    {
        var app = new Argument<string>("app") { Description = "The app's name" };
        var min = new Option<int?>("--min") { Description = "Fewest instances (0 allows scale to zero)" };
        var max = new Option<int?>("--max") { Description = "Most instances (0: no bound)" };
        var initial = new Option<int?>("--initial") { Description = "Instances a new revision starts with" };
        var metric = new Option<string?>("--metric") { Description = "concurrency, rps or none (step policies only)" };
        var target = new Option<double?>("--target") { Description = "Target per instance: concurrent requests, or requests/s" };
        var utilization = new Option<double?>("--utilization") { Description = "Percent of the target to aim for (default 70)" };
        var window = new Option<int?>("--window") { Description = "Stable window in seconds (6–3600, default 60)" };
        var panicWindow = new Option<double?>("--panic-window") { Description = "Panic window, percent of the stable window (default 10)" };
        var panicThreshold = new Option<double?>("--panic-threshold") { Description = "Panic threshold in percent (default 200)" };
        var grace = new Option<int?>("--grace") { Description = "Seconds without traffic before scaling to zero (default 30)" };
        var keepAlive = new Option<string?>("--keep-alive") { Description = "knative (stable window + grace, default) or learned (from the app's own idle gaps)" };
        var downDelay = new Option<int?>("--scale-down-delay") { Description = "Seconds a lower count must hold before scaling down (default 0)" };
        var maxHeld = new Option<int?>("--max-held") { Description = "Most requests held while no instance is ready (default 1000)" };
        var holdTimeout = new Option<int?>("--hold-timeout") { Description = "Seconds a request is held before a 503 (default 60)" };
        var pausedTier = new Option<int?>("--paused-tier") { Description = "Seconds an idle instance stays paused (0: skip the tier)" };
        var stoppedTier = new Option<int?>("--stopped-tier") { Description = "Seconds an idle instance stays stopped (0: skip the tier)" };
        var steps = new Option<string[]>("--step") { Description = "Replace the step policies, e.g. --step 'cpu>=90 for 300s +2 cooldown 60s' (repeatable)", AllowMultipleArgumentsPerToken = false };
        var clearSteps = new Option<bool>("--no-steps") { Description = "Remove every step policy" };
        var schedules = new Option<string[]>("--schedule") { Description = "Replace the schedules, e.g. --schedule '50 8 * * 1-5 .. 0 18 * * 1-5 min 3' (repeatable)" };
        var clearSchedules = new Option<bool>("--no-schedules") { Description = "Remove every schedule" };

        var command = new Command("autoscale", "Show an app's autoscaling policy and state, or change it (changes apply at once).")
        {
            app, min, max, initial, metric, target, utilization, window, panicWindow, panicThreshold, grace, keepAlive, downDelay,
            maxHeld, holdTimeout, pausedTier, stoppedTier, steps, clearSteps, schedules, clearSchedules,
        };

        command.SetAction((result, cancellationToken) => run(result, async client =>
        {
            var name = result.GetValue(app)!;
            var policy = await client.AutoscalingAsync(name, cancellationToken);
            var changed = false;

            void Set<T>(Option<T?> option, Action<T> apply)
                where T : struct
            {
                if (result.GetValue(option) is { } value)
                {
                    apply(value);
                    changed = true;
                }
            }

            Set(min, v => policy.Min = v);
            Set(max, v => policy.Max = v);
            Set(initial, v => policy.Initial = v);
            Set(target, v => policy.Target = v);
            Set(utilization, v => policy.TargetUtilizationPercent = v);
            Set(window, v => policy.StableWindowSeconds = v);
            Set(panicWindow, v => policy.PanicWindowPercent = v);
            Set(panicThreshold, v => policy.PanicThresholdPercent = v);
            Set(grace, v => policy.ScaleToZeroGracePeriodSeconds = v);
            Set(downDelay, v => policy.ScaleDownDelaySeconds = v);
            Set(maxHeld, v => policy.MaxHeldRequests = v);
            Set(holdTimeout, v => policy.HoldTimeoutSeconds = v);
            Set(pausedTier, v => policy.PausedTierSeconds = v);
            Set(stoppedTier, v => policy.StoppedTierSeconds = v);
            if (result.GetValue(keepAlive) is { } k)
            {
                policy.KeepAlive = k;
                changed = true;
            }

            if (result.GetValue(metric) is { } m)
            {
                policy.Metric = m;
                changed = true;
            }

            if (result.GetValue(clearSteps) || result.GetValue(steps) is { Length: > 0 })
            {
                policy.Steps = [.. (result.GetValue(steps) ?? []).Select(s => PolicyText.ParseStep(s, out var error) ?? throw new CliException(error!))];
                changed = true;
            }

            if (result.GetValue(clearSchedules) || result.GetValue(schedules) is { Length: > 0 })
            {
                policy.Schedules = [.. (result.GetValue(schedules) ?? []).Select(s => PolicyText.ParseSchedule(s, out var error) ?? throw new CliException(error!))];
                changed = true;
            }

            if (changed)
            {
                policy = await client.SetAutoscalingAsync(name, policy, cancellationToken);
                AnsiConsole.MarkupLine($"Autoscaling of [bold]{Markup.Escape(name)}[/] updated.");
            }

            Print(policy);
            if (await client.ScaleStatusAsync(name, cancellationToken) is { } status)
            {
                PrintStatus(status);
            }
        }));
        return command;
    }

    private static void Print(AutoscalingPolicy p)
    {
        var c = CultureInfo.InvariantCulture;
        var table = new Table().Border(TableBorder.Simple).AddColumn("SETTING").AddColumn("VALUE");
        table.AddRow("min / max / initial", $"{p.Min} / {(p.Max == 0 ? "no bound" : p.Max.ToString(c))} / {p.Initial}");
        table.AddRow("target", p.Metric == "none" ? "none (step policies only)" : Markup.Escape(string.Create(c, $"{p.Target} {p.Metric} per instance at {p.TargetUtilizationPercent} %")));
        table.AddRow("windows", string.Create(c, $"stable {p.StableWindowSeconds} s, panic {p.PanicWindowPercent} % above {p.PanicThresholdPercent} %"));
        table.AddRow("rates", string.Create(c, $"up ×{p.MaxScaleUpRate}, down ÷{p.MaxScaleDownRate} per decision"));
        table.AddRow("scale to zero", p.KeepAlive == KeepAliveModes.Learned
            ? string.Create(c, $"after the keep-alive learned from the app's idle gaps; scale-down delay {p.ScaleDownDelaySeconds} s")
            : string.Create(c, $"after {p.ScaleToZeroGracePeriodSeconds} s idle; scale-down delay {p.ScaleDownDelaySeconds} s"));
        table.AddRow("idle tiers", string.Create(c, $"paused {p.PausedTierSeconds} s, then stopped {p.StoppedTierSeconds} s, then removed"));
        table.AddRow("activator", string.Create(c, $"holds up to {p.MaxHeldRequests} requests for {p.HoldTimeoutSeconds} s"));
        foreach (var step in p.Steps)
        {
            table.AddRow("step", Markup.Escape(PolicyText.Format(step)));
        }

        foreach (var schedule in p.Schedules)
        {
            table.AddRow("schedule", Markup.Escape(PolicyText.Format(schedule)));
        }

        AnsiConsole.Write(table);
    }

    private static void PrintStatus(JsonElement s)
    {
        string Get(string name) => s.TryGetProperty(name, out var v) ? v.ToString() : "";
        AnsiConsole.MarkupLine(Markup.Escape(
            $"Now: {Get("ready")} ready, {Get("starting")} starting, {Get("held")} held → desired {Get("desired")}" +
            $"{(Get("panicking") == "True" ? " (panic)" : "")}: {Get("reason")}"));
    }
}
