using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace AppLauncher.Cli;

/// <summary>An alert rule as the API shows it.</summary>
internal sealed record AlertRuleInfo(string Name, string? App, string Rule, string Webhook, int RepeatSeconds);

/// <summary>One alert notification as the API shows it.</summary>
internal sealed record AlertHistoryInfo(long Id, string Rule, string? App, string Status, string Condition, double? Value, string Message, DateTimeOffset At,
    string Webhook, string Delivery, int Attempts, string? Error);

/// <summary><c>launcher alerts [app] [--json]</c> and <c>launcher alerts history [app] [--limit N] [--json]</c>.</summary>
internal static class AlertsCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Build(Func<ParseResult, Func<LauncherClient, Task>, Task<int>> run)
    {
        var app = new Argument<string?>("app") { Description = "Only the rules that watch this app (and the platform-wide ones)", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print the rules as JSON" };
        var command = new Command("alerts", "List the alert rules (alerts.rules in the platform's launcher.yaml) and where they notify.") { app, json };
        command.SetAction((result, cancellationToken) => run(result, async client =>
        {
            var rules = await client.AlertsAsync(result.GetValue(app), cancellationToken);
            if (result.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(rules, Json));
                return;
            }

            if (rules.Count == 0)
            {
                AnsiConsole.MarkupLine("No alert rules: add them under [bold]alerts.rules[/] in the platform's launcher.yaml, e.g. rule: \"5xx-rate>=5% for 60s\".");
                return;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumn("NAME").AddColumn("APP").AddColumn("RULE").AddColumn("WEBHOOK").AddColumn("REPEAT");
            foreach (var r in rules)
            {
                table.AddRow(Markup.Escape(r.Name), Markup.Escape(r.App ?? "(every app)"), Markup.Escape(r.Rule), Markup.Escape(r.Webhook),
                    r.RepeatSeconds == 0 ? "once" : string.Create(CultureInfo.InvariantCulture, $"{r.RepeatSeconds} s"));
            }

            AnsiConsole.Write(table);
        }));
        command.Subcommands.Add(History(run));
        return command;
    }

    private static Command History(Func<ParseResult, Func<LauncherClient, Task>, Task<int>> run)
    {
        var app = new Argument<string?>("app") { Description = "Only this app's notifications", Arity = ArgumentArity.ZeroOrOne };
        var limit = new Option<int>("--limit") { Description = "How many, newest first (1–1000)", DefaultValueFactory = _ => 50 };
        var json = new Option<bool>("--json") { Description = "Print the notifications as JSON" };
        var command = new Command("history", "Alert notifications sent (or that could not be), newest first.") { app, limit, json };
        command.SetAction((result, cancellationToken) => run(result, async client =>
        {
            var history = await client.AlertHistoryAsync(result.GetValue(app), result.GetValue(limit), cancellationToken);
            if (result.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(history, Json));
                return;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumn("AT").AddColumn("RULE").AddColumn("APP").AddColumn("STATUS").AddColumn("MESSAGE").AddColumn("DELIVERY");
            foreach (var h in history)
            {
                var delivery = h.Delivery == "delivered" ? $"delivered ({h.Attempts})" : $"{h.Delivery} after {h.Attempts}: {h.Error}";
                table.AddRow(h.At.ToString("u", CultureInfo.InvariantCulture), Markup.Escape(h.Rule), Markup.Escape(h.App ?? "-"), Markup.Escape(h.Status),
                    Markup.Escape(h.Message), Markup.Escape(delivery));
            }

            AnsiConsole.Write(table);
        }));
        return command;
    }
}
