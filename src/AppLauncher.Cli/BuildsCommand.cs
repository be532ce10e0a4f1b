using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace AppLauncher.Cli;

/// <summary><c>launcher builds &lt;app&gt; [id] [--json]</c>: the app's builds, or one build's log.</summary>
internal static class BuildsCommand
{
    public static Command Build(Func<ParseResult, Func<LauncherClient, Task>, Task<int>> run)
    {
        var app = new Argument<string>("app") { Description = "The app's name" };
        var id = new Argument<string?>("id") { Description = "A build's id: print its log", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print the builds as JSON" };
        var command = new Command("builds", "List an app's builds (id, revision, outcome, duration, when, who), or print one build's log.") { app, id, json };
        command.SetAction((result, cancellationToken) => run(result, async client =>
        {
            var name = result.GetValue(app)!;
            if (result.GetValue(id) is { } build)
            {
                Console.Out.Write(await client.BuildLogAsync(name, build, cancellationToken));
                return;
            }

            var builds = await client.BuildsAsync(name, cancellationToken);
            if (result.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(builds, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
                return;
            }

            if (builds.Count == 0)
            {
                AnsiConsole.MarkupLine($"{Markup.Escape(name)} has no builds yet: git push builds it.");
                return;
            }

            var table = new Table().Border(TableBorder.Simple)
                .AddColumn("ID").AddColumn("REVISION").AddColumn("OUTCOME").AddColumn("DURATION").AddColumn("STARTED").AddColumn("BY").AddColumn("COMMIT");
            foreach (var b in builds)
            {
                var outcome = b.Outcome switch
                {
                    "succeeded" => "[green]succeeded[/]",
                    "running" => "[yellow]running[/]",
                    _ => $"[red]{Markup.Escape(b.Outcome)}[/]",
                };
                table.AddRow(b.Id.ToString(CultureInfo.InvariantCulture), Markup.Escape(b.Revision ?? "-"), outcome,
                    b.DurationSeconds is { } seconds ? $"{seconds.ToString("0.0", CultureInfo.InvariantCulture)} s" : "-",
                    b.StartedAt.ToString("u", CultureInfo.InvariantCulture), Markup.Escape(b.Actor ?? "-"), Markup.Escape(b.Commit[..Math.Min(7, b.Commit.Length)]));
            }

            AnsiConsole.Write(table);
        }));
        return command;
    }
}
