using System.CommandLine;
using AppLauncher.Core.Traffic;
using Spectre.Console;

namespace AppLauncher.Cli;

/// <summary>
/// <c>launcher traffic &lt;app&gt; [REVISION=PERCENT…] [--tag REVISION=TAG] [--untag TAG]</c>: show or split an app's
/// traffic across revisions and tag revisions with their own URL (as <c>kn service update --traffic/--tag</c>).
/// </summary>
internal static class TrafficCommand
{
    public static Command Build(Func<ParseResult, Func<LauncherClient, Task>, Task<int>> run)
    {
        var app = new Argument<string>("app") { Description = "The app's name" };
        var shares = new Argument<string[]>("shares")
        {
            Description = $"New shares, adding up to 100: REVISION=PERCENT (e.g. {{app}}-00006=90 {{app}}-00007=10; {TrafficPlan.LatestName}=PERCENT follows each new release)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var tag = new Option<string[]>("--tag") { Description = "Give a revision its own URL {tag}-{app}.{domain}: REVISION=TAG (REVISION may be @latest)", AllowMultipleArgumentsPerToken = false };
        var untag = new Option<string[]>("--untag") { Description = "Remove a tag (its revision keeps its share)" };
        var command = new Command("traffic", "Show an app's traffic, split it across revisions, or tag revisions.") { app, shares, tag, untag };
        command.SetAction((result, cancellationToken) => run(result, async client =>
        {
            var name = result.GetValue(app)!;
            var given = result.GetValue(shares) ?? [];
            TrafficInfo? after = null;
            if (given.Length > 0)
            {
                var (parsed, error) = TrafficArguments.ParseShares(given);
                if (error is not null)
                {
                    throw new CliException($"{error}. Nothing changed.");
                }

                after = Report(await client.SetTrafficAsync(name, parsed, cancellationToken));
            }

            foreach (var pair in result.GetValue(untag) ?? [])
            {
                after = Report(await client.UntagAsync(name, pair, cancellationToken));
            }

            foreach (var pair in result.GetValue(tag) ?? [])
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0 || equals == pair.Length - 1)
                {
                    throw new CliException($"--tag '{pair}' is not REVISION=TAG: write e.g. --tag {name}-00007=candidate");
                }

                after = Report(await client.TagAsync(name, pair[(equals + 1)..], pair[..equals], cancellationToken));
            }

            Show(after ?? await client.TrafficAsync(name, cancellationToken));
        }));
        return command;
    }

    private static TrafficInfo Report(TrafficChange change)
    {
        AnsiConsole.MarkupLine(Markup.Escape(change.Message));
        return change.Traffic;
    }

    private static void Show(TrafficInfo traffic)
    {
        if (traffic.Revisions.Count == 0)
        {
            AnsiConsole.MarkupLine(Markup.Escape($"{traffic.App} has no revision taking traffic yet: push it first."));
            return;
        }

        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("REVISION").AddColumn("TRAFFIC").AddColumn("TAGS").AddColumn("URL").AddColumn("READY");
        foreach (var r in traffic.Revisions)
        {
            var name = r.Latest ? $"{r.Revision} ({TrafficPlan.LatestName})" : r.Revision;
            var tags = string.Join(",", r.Tags) + (r.Branch is null ? "" : $" (preview of {r.Branch})");
            table.AddRow(Markup.Escape(name), $"{r.Percent}%", Markup.Escape(tags), Markup.Escape(string.Join(" ", r.Urls)), r.Ready.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
    }
}
