using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AppLauncher.Core.Processes;
using Spectre.Console;

namespace AppLauncher.Cli;

/// <summary>One instance of a process type, as the API shows it.</summary>
internal sealed record ProcessInstanceInfo(string Id, string Revision, string State, DateTimeOffset? StartedAt);

/// <summary>One process type of an app, as the API shows it (<see cref="Desired"/> null: autoscaled web).</summary>
internal sealed record ProcessTypeInfo(string Type, string? Command, int? Desired, int Running, int Restarts, string State, int? LastExitCode, DateTimeOffset? NextStartAt, List<ProcessInstanceInfo> Instances);

/// <summary>An app's process types, as the API shows them.</summary>
internal sealed record ProcessesInfo(string App, string? Revision, List<ProcessTypeInfo> Types, List<RunInfo>? Runs, bool NoWeb = false);

/// <summary>A one-off run, as the API shows it.</summary>
internal sealed record RunInfo(string Id, string Revision, string Command, string State, DateTimeOffset? StartedAt);

/// <summary><c>launcher ps</c> and <c>launcher scale</c>: an app's process types, like Heroku's.</summary>
internal static class ProcessCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Ps(Func<ParseResult, Func<LauncherClient, Task>, Task<int>> run)
    {
        var app = new Argument<string>("app") { Description = "The app's name" };
        var json = new Option<bool>("--json") { Description = "Print the API's answer as JSON" };
        var command = new Command("ps", "List an app's process types and their instances, with state and restarts.") { app, json };
        command.SetAction((result, cancellationToken) => run(result, async client =>
        {
            var processes = await client.ProcessesAsync(result.GetValue(app)!, cancellationToken);
            Print(processes, result.GetValue(json));
        }));
        return command;
    }

    public static Command Scale(Func<ParseResult, Func<LauncherClient, Task>, Task<int>> run)
    {
        var app = new Argument<string>("app") { Description = "The app's name" };
        var counts = new Argument<string[]>("TYPE=COUNT") { Description = "A count per non-web process type, e.g. worker=3", Arity = ArgumentArity.OneOrMore };
        var command = new Command("scale", "Set how many instances of each non-web process type run (web is autoscaled: see 'launcher autoscale').") { app, counts };
        command.SetAction((result, cancellationToken) => run(result, async client =>
        {
            var (asked, error) = ScaleRequest.ReadArguments(result.GetValue(counts) ?? []);
            if (error is not null)
            {
                throw new CliException(error);
            }

            var processes = await client.ScaleAsync(result.GetValue(app)!, asked!, cancellationToken);
            AnsiConsole.MarkupLine($"Scaled {Markup.Escape(processes.App)}: {Markup.Escape(string.Join(", ", asked!.Select(a => $"{a.Key}={a.Value}")))}");
            Print(processes, json: false);
        }));
        return command;
    }

    private static void Print(ProcessesInfo processes, bool json)
    {
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(processes, Json));
            return;
        }

        if (processes.Revision is null)
        {
            AnsiConsole.MarkupLine($"{Markup.Escape(processes.App)} has no revision yet: push it first.");
            return;
        }

        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("TYPE").AddColumn("INSTANCES").AddColumn("STATE").AddColumn("RESTARTS").AddColumn("LAST EXIT").AddColumn("COMMAND");
        foreach (var type in processes.Types)
        {
            var wanted = type.Desired is { } desired ? $"{type.Running}/{desired}" : $"{type.Running} (autoscaled)";
            var state = type.NextStartAt is { } next && next > DateTimeOffset.UtcNow ? $"{type.State} (next start in {(next - DateTimeOffset.UtcNow).TotalSeconds:0} s)" : type.State;
            table.AddRow(Markup.Escape(type.Type), wanted, Markup.Escape(state), type.Restarts.ToString(CultureInfo.InvariantCulture),
                type.LastExitCode?.ToString(CultureInfo.InvariantCulture) ?? "-", Markup.Escape(type.Command ?? "(web)"));
        }

        AnsiConsole.MarkupLine($"{Markup.Escape(processes.App)} at {Markup.Escape(processes.Revision)}{(processes.NoWeb ? " (no web process)" : "")}");
        AnsiConsole.Write(table);
        var instances = new Table().Border(TableBorder.Simple).AddColumn("INSTANCE").AddColumn("TYPE").AddColumn("STATE").AddColumn("REVISION").AddColumn("UP");
        foreach (var type in processes.Types)
        {
            foreach (var instance in type.Instances)
            {
                var up = instance.StartedAt is { } at ? $"{(DateTimeOffset.UtcNow - at).TotalSeconds:0} s" : "-";
                instances.AddRow(Markup.Escape($"{type.Type}.{instance.Id}"), Markup.Escape(type.Type), Markup.Escape(instance.State), Markup.Escape(instance.Revision), up);
            }
        }

        foreach (var run in processes.Runs ?? [])
        {
            var up = run.StartedAt is { } at ? $"{(DateTimeOffset.UtcNow - at).TotalSeconds:0} s" : "-";
            instances.AddRow(Markup.Escape($"run.{run.Id}"), "run", Markup.Escape(run.State), Markup.Escape(run.Revision), up);
        }

        AnsiConsole.Write(instances);
    }
}
