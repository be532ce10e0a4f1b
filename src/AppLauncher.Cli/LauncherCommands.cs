using System.CommandLine;
using Spectre.Console;

namespace AppLauncher.Cli;

/// <summary>The <c>launcher</c> command tree.</summary>
internal static class LauncherCommands
{
    private static readonly Option<string> Url = new("--url")
    {
        Description = "AppLauncher's URL (default: $LAUNCHER_URL or http://localhost:8080)",
        Recursive = true,
    };

    private static readonly Option<string> Token = new("--token")
    {
        Description = "Token (default: $LAUNCHER_TOKEN, else the one 'launcher login' stored, else the admin token file in $LAUNCHER_DATA)",
        Recursive = true,
    };

    public static RootCommand Build()
    {
        var root = new RootCommand("launcher: deploy apps with git push, and run them.");
        root.Options.Add(Url);
        root.Options.Add(Token);
        root.Subcommands.Add(AppsCommand());
        root.Subcommands.Add(LogsCommand());
        root.Subcommands.Add(AutoscaleCommand.Build(RunAsync));
        root.Subcommands.Add(ProcessCommands.Ps(RunAsync));
        root.Subcommands.Add(ProcessCommands.Scale(RunAsync));
        root.Subcommands.Add(RunCommand.Build(RunAsync));
        root.Subcommands.Add(CronCommand.Build(RunAsync));
        root.Subcommands.Add(AlertsCommand.Build(RunAsync));
        root.Subcommands.Add(ReleasesCommands.Releases(RunAsync));
        root.Subcommands.Add(BuildsCommand.Build(RunAsync));
        root.Subcommands.Add(ReleasesCommands.Rollback(RunAsync));
        root.Subcommands.Add(GcCommand.Create(RunAsync));
        root.Subcommands.Add(RebuildCommand.Build(RunAsync));
        root.Subcommands.Add(TrafficCommand.Build(RunAsync));
        root.Subcommands.Add(ConfigCommands.Build(RunAsync));
        root.Subcommands.Add(DomainCommands.Build());
        root.Subcommands.Add(CertsCommand.Build(RunAsync));
        root.Subcommands.Add(ManifestsCommand.Build(RunAsync));
        root.Subcommands.Add(DetectCommand.Create());
        root.Subcommands.Add(SimulateCommand.Create());
        root.Subcommands.Add(IdentityCommands.WhoAmI(RunAsync));
        root.Subcommands.Add(IdentityCommands.Login(RunAsync));
        root.Subcommands.Add(IdentityCommands.Tokens(RunAsync));
        root.Subcommands.Add(IdentityCommands.Teams(RunAsync));
        root.Subcommands.Add(IdentityCommands.Audit(RunAsync));
        return root;
    }

    private static Command AppsCommand()
    {
        var json = new Option<bool>("--json") { Description = "Print the apps as JSON" };
        var command = new Command("apps", "List apps with their URL and state (and, for connected apps, how the last fetch went).") { json };
        command.Subcommands.Add(AppCommands.Info(RunAsync));
        command.Subcommands.Add(AppCommands.Create());
        command.Subcommands.Add(AppCommands.Destroy());
        command.Subcommands.Add(RemoteCommands.Connect());
        command.Subcommands.Add(RemoteCommands.Disconnect());
        command.Subcommands.Add(RemoteCommands.Show());
        command.SetAction((result, cancellationToken) => RunAsync(result, async client =>
        {
            var apps = await client.AppsAsync(cancellationToken);
            if (result.GetValue(json))
            {
                Console.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(apps, AppCommands.Json));
                return;
            }

            if (apps.Count == 0)
            {
                AnsiConsole.MarkupLine("No apps yet. Deploy one with [bold]git push http://localhost:8080/<name>.git main[/].");
                return;
            }

            var table = new Table().Border(TableBorder.Simple)
                .AddColumn("NAME").AddColumn("STATE").AddColumn("REVISION").AddColumn("INSTANCES").AddColumn("URL");
            var anyRemote = apps.Any(a => a.Remote is not null);
            if (anyRemote)
            {
                table.AddColumn("REMOTE");
            }

            foreach (var app in apps)
            {
                var row = new List<string>
                {
                    Markup.Escape(app.Name), StateMarkup(app.State, app.StateDetail), Markup.Escape(app.Revision ?? "-"),
                    app.Instances.ToString(System.Globalization.CultureInfo.InvariantCulture), app.NoWeb ? "(no web process)" : Markup.Escape(app.Url ?? ""),
                };
                if (anyRemote)
                {
                    row.Add(AppCommands.RemoteMarkup(app.Remote, full: false));
                }

                table.AddRow([.. row]);
            }

            AnsiConsole.Write(table);
        }));
        return command;
    }

    private static Command LogsCommand()
    {
        var app = new Argument<string>("app") { Description = "The app's name" };
        var tail = new Option<int>("--tail", "-n") { Description = "Number of lines from the end", DefaultValueFactory = _ => 100 };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines as the app writes them, until Ctrl-C" };
        var since = new Option<string>("--since") { Description = "Only lines from then on: 30s, 10m, 2h, 7d, or an RFC 3339 time" };
        var revision = new Option<string>("--revision") { Description = "Only lines of this revision (a name like hello-00012, or its number: 12)" };
        var process = new Option<string>("--process", "-p") { Description = "Only lines of this process type or instance: web, worker, web.1, release, run" };
        var json = new Option<bool>("--json") { Description = "One JSON object per line (time, source, revision, process, instance, stream, line)" };
        var run = new Option<string>("--run") { Description = "A one-off run's output instead (the id 'launcher run --detach' printed)" };
        var command = new Command("logs", "Print an app's output (stdout and stderr of every instance), kept across scale to zero, deploys and restarts.")
        {
            app, tail, follow, since, revision, process, json, run,
        };
        command.SetAction((result, cancellationToken) => RunAsync(result, async client =>
        {
            var name = result.GetValue(app)!;
            if (result.GetValue(run) is { } id)
            {
                Console.Out.Write(await client.RunLogsAsync(name, id, result.GetValue(tail), cancellationToken));
                return;
            }

            var query = new List<string> { $"tail={result.GetValue(tail).ToString(System.Globalization.CultureInfo.InvariantCulture)}" };
            var following = result.GetValue(follow);
            if (following)
            {
                query.Add("follow=true");
            }

            if (result.GetValue(since) is { } from)
            {
                query.Add($"since={Uri.EscapeDataString(from)}");
            }

            if (result.GetValue(revision) is { } wanted)
            {
                // A bare number is the app's revision of that number, as the text lines show it (v12).
                var full = int.TryParse(wanted.TrimStart('v'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
                    ? $"{name}-{number.ToString("D5", System.Globalization.CultureInfo.InvariantCulture)}"
                    : wanted;
                query.Add($"revision={Uri.EscapeDataString(full)}");
            }

            if (result.GetValue(process) is { } type)
            {
                query.Add($"process={Uri.EscapeDataString(type)}");
            }

            if (result.GetValue(json))
            {
                query.Add("format=json");
            }

            await client.LogsAsync(name, string.Join('&', query),
                instances =>
                {
                    if (following && instances == 0)
                    {
                        Console.Error.WriteLine("no instances running; waiting for new lines — the app starts on its next request");
                    }
                },
                async line =>
                {
                    await Console.Out.WriteLineAsync(line);
                    await Console.Out.FlushAsync(cancellationToken);
                },
                cancellationToken);
        }));
        return command;
    }

    /// <summary>The STATE column: the state with its recent crashes when the server gives them (<c>crashing (exit 1, 3 restarts, next try in 40s)</c>).</summary>
    private static string StateMarkup(string state, string? detail)
    {
        var text = Markup.Escape(string.IsNullOrEmpty(detail) ? state : detail);
        return state switch
        {
            "running" => $"[green]{text}[/]",
            "deploying" or "starting" => $"[yellow]{text}[/]",
            _ => $"[red]{text}[/]",
        };
    }

    internal static async Task<int> RunAsync(ParseResult result, Func<LauncherClient, Task> action)
    {
        try
        {
            var url = result.GetValue(Url) ?? Environment.GetEnvironmentVariable("LAUNCHER_URL") ?? "http://localhost:8080";
            if (!Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out var server))
            {
                throw new CliException($"'{url}' is not a URL: pass --url http://host:port");
            }

            using var client = new LauncherClient(server, IdentityCommands.PendingLogin ?? result.GetValue(Token) ?? TokenFromEnvironment());
            await action(client);
            return 0;
        }
        catch (CliException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
    }

    private static string TokenFromEnvironment()
    {
        if (Environment.GetEnvironmentVariable("LAUNCHER_TOKEN") is { Length: > 0 } token)
        {
            return token;
        }

        if (IdentityCommands.StoredToken() is { } stored)
        {
            return stored;
        }

        var data = Environment.GetEnvironmentVariable("LAUNCHER_DATA") is { Length: > 0 } d ? d : ".data";
        var file = Path.Combine(data, "admin-token");
        return File.Exists(file)
            ? File.ReadAllText(file).Trim()
            : throw new CliException($"no token: run 'launcher login' with a token you were given, or set LAUNCHER_TOKEN (the admin token scripts/up printed is the owner's; LAUNCHER_DATA names the server's data directory, which holds {file}).");
    }
}
