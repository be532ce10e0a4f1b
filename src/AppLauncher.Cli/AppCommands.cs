using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace AppLauncher.Cli;

/// <summary><c>launcher apps info</c>, <c>launcher apps create</c> and <c>launcher apps destroy</c>.</summary>
internal static class AppCommands
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Info(Func<ParseResult, Func<LauncherClient, Task>, Task<int>> run)
    {
        var app = new Argument<string>("app") { Description = "The app's name" };
        var json = new Option<bool>("--json") { Description = "Print the app as JSON" };
        var command = new Command("info", "Show one app: state, revision, URL, team and, when connected to a repository elsewhere, the last fetch, its error and the next poll.") { app, json };
        command.SetAction((result, cancellationToken) => run(result, async client =>
        {
            var info = await client.AppAsync(result.GetValue(app)!, cancellationToken);
            if (result.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(info, Json));
                return;
            }

            var grid = new Grid().AddColumn().AddColumn();
            grid.AddRow("Name", Markup.Escape(info.Name));
            grid.AddRow("Team", Markup.Escape(info.Team ?? "-"));
            grid.AddRow("State", Markup.Escape(info.StateDetail ?? info.State));
            grid.AddRow("Revision", Markup.Escape(info.Revision ?? "-"));
            grid.AddRow("Instances", info.Instances.ToString(CultureInfo.InvariantCulture));
            grid.AddRow("URL", info.NoWeb ? "(no web process)" : Markup.Escape(info.Url ?? "-"));
            grid.AddRow("Created", info.CreatedAt.ToString("u", CultureInfo.InvariantCulture));
            if (info.Remote is { } remote)
            {
                grid.AddRow("Remote", $"{Markup.Escape(remote.Repo)} ({Markup.Escape(remote.Branch)} deploys)");
                grid.AddRow("Last fetch", RemoteMarkup(remote, full: true));
                grid.AddRow("Next poll", remote.NextPoll is { } next ? next.ToString("u", CultureInfo.InvariantCulture) : "none (webhooks only)");
            }

            AnsiConsole.Write(grid);
        }));
        return command;
    }

    /// <summary>A remote's state for the apps table (short) or <c>apps info</c> (with the whole error and when).</summary>
    internal static string RemoteMarkup(AppRemoteInfo? remote, bool full)
    {
        if (remote is null)
        {
            return "-";
        }

        var when = remote.CheckedAt is { } at ? $" at {at.ToString("u", CultureInfo.InvariantCulture)}" : "";
        return remote.Status switch
        {
            "ok" => $"[green]ok[/]{(full ? Markup.Escape(when) : "")}",
            "failed" => $"[red]failed[/]{(full ? Markup.Escape(when) : "")}: {Markup.Escape(full || remote.Error is not { Length: > 60 } ? remote.Error ?? "" : remote.Error[..57] + "...")}",
            _ => Markup.Escape(remote.Status),
        };
    }

    public static Command Create()
    {
        var app = new Argument<string>("app") { Description = "The new app's name (a DNS label: lowercase letters, digits, '-')" };
        var team = new Option<string>("--team") { Description = "The team it belongs to (default: your only team; an owner's default is 'apps')" };
        var command = new Command("create", "Create an app without pushing to it (it gets its name, DNS records and domains now).") { app, team };
        command.SetAction((result, cancellationToken) => LauncherCommands.RunAsync(result, async client =>
        {
            var created = await client.CreateAppAsync(result.GetValue(app)!, cancellationToken, result.GetValue(team));
            AnsiConsole.MarkupLine($"Created [bold]{Markup.Escape(created.Name)}[/]: {Markup.Escape(created.Url)}");
        }));
        return command;
    }

    public static Command Destroy()
    {
        var app = new Argument<string>("app") { Description = "The app to delete" };
        var confirm = new Option<string>("--confirm") { Description = "The app's name again: destroying cannot be undone" };
        var command = new Command("destroy", "Delete an app: its instances, route, git repository, revisions, domains and DNS records.") { app, confirm };
        command.SetAction((result, cancellationToken) => LauncherCommands.RunAsync(result, async client =>
        {
            var name = result.GetValue(app)!;
            if (result.GetValue(confirm) != name)
            {
                throw new CliException($"destroying {name} deletes its instances, git repository, revisions, domains and DNS records, and cannot be undone. To go ahead, run: launcher apps destroy {name} --confirm {name}");
            }

            await client.DestroyAppAsync(name, cancellationToken);
            AnsiConsole.MarkupLine($"Destroyed [bold]{Markup.Escape(name)}[/].");
        }));
        return command;
    }
}
