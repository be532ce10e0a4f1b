using System.CommandLine;
using AppLauncher.Core.Apps;
using AppLauncher.Core.Detect;
using Spectre.Console;

namespace AppLauncher.Cli;

/// <summary><c>launcher detect &lt;dir&gt; [--json]</c>: explains what a push of that folder would build. Needs no server.</summary>
internal static class DetectCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("dir") { Description = "The app's folder (the root of its repository)", DefaultValueFactory = _ => "." };
        var json = new Option<bool>("--json") { Description = "Print the plan as JSON (buildpack, buildRoot, decidedBy, facts, start, message)" };
        var command = new Command("detect", "Explain which buildpack a push of <dir> would use, the files that decided it, its facts and start command.") { dir, json };
        command.SetAction(result =>
        {
            var path = result.GetValue(dir)!;
            if (!Directory.Exists(path))
            {
                Console.Error.WriteLine($"launcher detect: no such folder: {path}");
                return 2;
            }

            var plan = AppPlanner.Plan(DirectorySourceTree.Load(path), Detector.Default);
            var report = DetectionReport.From(plan);
            if (result.GetValue(json))
            {
                Console.Out.WriteLine(report.ToJson());
            }
            else if (plan.Detection is null)
            {
                Console.Error.WriteLine(report.Message);
            }
            else
            {
                var table = new Table().Border(TableBorder.None).HideHeaders().AddColumn("").AddColumn("");
                foreach (var line in report.ToLines())
                {
                    var colon = line.IndexOf(": ", StringComparison.Ordinal);
                    table.AddRow(colon > 0 ? $"[bold]{Markup.Escape(line[..colon])}[/]" : "", Markup.Escape(colon > 0 ? line[(colon + 2)..] : line));
                }

                AnsiConsole.Write(table);
            }

            return plan.Detection is null ? 1 : 0;
        });
        return command;
    }
}
