using System.CommandLine;
using Spectre.Console;

namespace AppLauncher.Cli;

/// <summary><c>launcher apps create</c> and <c>launcher apps destroy</c>.</summary>
internal static class AppCommands
{
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
