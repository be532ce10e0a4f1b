using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace AppLauncher.Cli;

/// <summary>An app's cron jobs and runs, as the API shows them.</summary>
internal sealed record CronInfo(string App, List<CronJobInfo> Jobs, List<CronRunInfo> Runs);

internal sealed record CronJobInfo(string Name, string Schedule, string TimeZone, string ConcurrencyPolicy, string Command, DateTimeOffset? NextRunAt, bool Running);

internal sealed record CronRunInfo(string Job, string Status, DateTimeOffset ScheduledAt, DateTimeOffset StartedAt, double? DurationSeconds, int? ExitCode, string? Output);

/// <summary><c>launcher cron app [--json]</c>: the app's cron jobs, when each runs next, and their last runs.</summary>
internal static class CronCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Build(Func<ParseResult, Func<LauncherClient, Task>, Task<int>> run)
    {
        var app = new Argument<string>("app") { Description = "The app's name" };
        var json = new Option<bool>("--json") { Description = "Print jobs and runs as JSON (each run: job, status, startedAt, durationSeconds, exitCode, output)" };
        var command = new Command("cron", "List an app's cron jobs (from its launcher.yaml) and their last runs.") { app, json };
        command.SetAction((result, cancellationToken) => run(result, async client =>
        {
            var cron = await client.CronAsync(result.GetValue(app)!, cancellationToken);
            if (result.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(cron, Json));
                return;
            }

            if (cron.Jobs.Count == 0)
            {
                AnsiConsole.MarkupLine($"{Markup.Escape(cron.App)} has no cron jobs: add them under [bold]cron:[/] in its launcher.yaml and push.");
            }
            else
            {
                var jobs = new Table().Border(TableBorder.Simple).AddColumn("JOB").AddColumn("SCHEDULE").AddColumn("ZONE").AddColumn("POLICY").AddColumn("NEXT RUN").AddColumn("COMMAND");
                foreach (var job in cron.Jobs)
                {
                    jobs.AddRow(Markup.Escape(job.Name), Markup.Escape(job.Schedule), Markup.Escape(job.TimeZone), Markup.Escape(job.ConcurrencyPolicy),
                        job.Running ? "running now" : job.NextRunAt?.ToString("u", CultureInfo.InvariantCulture) ?? "-", Markup.Escape(job.Command));
                }

                AnsiConsole.Write(jobs);
            }

            var runs = new Table().Border(TableBorder.Simple).AddColumn("JOB").AddColumn("STARTED").AddColumn("STATUS").AddColumn("EXIT").AddColumn("DURATION").AddColumn("LAST OUTPUT");
            foreach (var r in cron.Runs)
            {
                var last = r.Output?.TrimEnd().Split('\n').LastOrDefault() ?? "";
                runs.AddRow(Markup.Escape(r.Job), r.StartedAt.ToString("u", CultureInfo.InvariantCulture), Markup.Escape(r.Status), r.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "-",
                    r.DurationSeconds is { } d ? $"{d:0.0} s" : "-", Markup.Escape(last));
            }

            AnsiConsole.Write(runs);
        }));
        return command;
    }
}
