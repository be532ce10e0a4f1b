using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace AppLauncher.Cli;

/// <summary><c>launcher apps connect|disconnect|remote</c>: apps built from a repository elsewhere (GitHub, GitLab, Gitea, a company server).</summary>
internal static class RemoteCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Connect()
    {
        var app = new Argument<string>("app") { Description = "The app (created if it does not exist)" };
        var repo = new Option<string>("--repo") { Description = "The repository: https://…, ssh://… or git@host:path (http:// only on this machine)", Required = true };
        var branch = new Option<string>("--branch") { Description = "The branch that deploys the app (default: the platform's deploy branch, main)" };
        var credentials = new Option<string>("--credentials") { Description = "token:<access token> or basic:<user>:<password>; stored sealed" };
        var deployKey = new Option<FileInfo>("--deploy-key") { Description = "A private key file for an ssh:// remote; stored sealed" };
        var hostKey = new Option<string>("--host-key") { Description = "The SSH server's public host key to pin ('ssh-ed25519 AAAA…'; default: trusted on the first fetch, then pinned)" };
        var poll = new Option<string>("--poll") { Description = "Also fetch every interval (30s, 5m, 1h) for servers that cannot send webhooks" };
        var tags = new Option<string>("--tags") { Description = "Tags that release the app, a glob (default v*; \"\" for none)" };
        var noPreviews = new Option<bool>("--no-previews") { Description = "Do not preview other branches" };
        var team = new Option<string>("--team") { Description = "The team a new app belongs to" };
        var json = new Option<bool>("--json") { Description = "Print the connection as JSON (webhookUrl, webhookSecret, webhookUrls…)" };
        var command = new Command("connect", "Connect an app to a repository elsewhere: it deploys on webhooks (and polls), exactly as a push does.")
        {
            app, repo, branch, credentials, deployKey, hostKey, poll, tags, noPreviews, team, json,
        };
        command.SetAction((result, cancellationToken) => LauncherCommands.RunAsync(result, async client =>
        {
            var name = result.GetValue(app)!;
            string? key = null;
            if (result.GetValue(deployKey) is { } file)
            {
                if (!file.Exists || file.Length > 16 * 1024)
                {
                    throw new CliException($"--deploy-key {file.FullName}: {(file.Exists ? "larger than 16 KiB, not a private key" : "no such file")}");
                }

                key = await File.ReadAllTextAsync(file.FullName, cancellationToken);
            }

            var connected = await client.CallAsync(HttpMethod.Put, $"api/apps/{Uri.EscapeDataString(name)}/remote", new
            {
                repo = result.GetValue(repo),
                branch = result.GetValue(branch),
                credentials = result.GetValue(credentials),
                deployKey = key,
                hostKey = result.GetValue(hostKey),
                poll = result.GetValue(poll),
                tags = result.GetValue(tags),
                previews = result.GetValue(noPreviews) ? false : (bool?)null,
                team = result.GetValue(team),
            }, cancellationToken);
            var remote = connected!.Value;
            if (result.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(remote, Json));
                return;
            }

            AnsiConsole.MarkupLine($"Connected [bold]{Markup.Escape(name)}[/] to {Markup.Escape(remote.GetProperty("repo").GetString()!)} ({Markup.Escape(remote.GetProperty("branch").GetString()!)} deploys; tags {Markup.Escape(remote.GetProperty("tags").GetString()!)}).");
            AnsiConsole.MarkupLine($"The first fetch and deploy are queued: follow them with [bold]launcher apps remote {Markup.Escape(name)}[/].");
            AnsiConsole.MarkupLine("Add a webhook at the Git server (content type application/json, push and pull/merge request events):");
            AnsiConsole.MarkupLine($"  Webhook URL:    {Markup.Escape(remote.GetProperty("webhookUrl").GetString()!)}");
            AnsiConsole.MarkupLine($"  Webhook secret: {Markup.Escape(remote.GetProperty("webhookSecret").GetString()!)}");
            foreach (var url in remote.GetProperty("webhookUrls").EnumerateObject())
            {
                AnsiConsole.MarkupLine($"  ({Markup.Escape(url.Name)}: {Markup.Escape(url.Value.GetString()!)})");
            }

            AnsiConsole.MarkupLine("The secret is shown only now; 'launcher apps connect' again makes a new one.");
        }));
        return command;
    }

    public static Command Disconnect()
    {
        var app = new Argument<string>("app") { Description = "The connected app" };
        var command = new Command("disconnect", "Stop deploying an app from its remote repository (what runs keeps running; pushes still deploy).") { app };
        command.SetAction((result, cancellationToken) => LauncherCommands.RunAsync(result, async client =>
        {
            var name = result.GetValue(app)!;
            await client.CallAsync(HttpMethod.Delete, $"api/apps/{Uri.EscapeDataString(name)}/remote", null, cancellationToken);
            AnsiConsole.MarkupLine($"Disconnected [bold]{Markup.Escape(name)}[/]: its webhooks are refused and it is no longer polled.");
        }));
        return command;
    }

    public static Command Show()
    {
        var app = new Argument<string>("app") { Description = "The connected app" };
        var sync = new Option<bool>("--sync") { Description = "Fetch now (as a webhook would)" };
        var json = new Option<bool>("--json") { Description = "Print the remote's state and last output as JSON" };
        var command = new Command("remote", "Show a connected app's remote: its status, the last fetch's error, and the last deploy's output.") { app, sync, json };
        command.SetAction((result, cancellationToken) => LauncherCommands.RunAsync(result, async client =>
        {
            var name = result.GetValue(app)!;
            var remote = (await client.CallAsync(result.GetValue(sync) ? HttpMethod.Post : HttpMethod.Get,
                $"api/apps/{Uri.EscapeDataString(name)}/remote" + (result.GetValue(sync) ? "/sync" : ""), null, cancellationToken))!.Value;
            if (result.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(remote, Json));
                return;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumn("REPOSITORY").AddColumn("BRANCH").AddColumn("TAGS").AddColumn("POLL").AddColumn("STATUS").AddColumn("CHECKED");
            table.AddRow(Markup.Escape(remote.GetProperty("repo").GetString()!), Markup.Escape(remote.GetProperty("branch").GetString()!), Markup.Escape(remote.GetProperty("tags").GetString()!),
                remote.GetProperty("pollSeconds").ValueKind == JsonValueKind.Number ? $"{remote.GetProperty("pollSeconds").GetInt32()} s" : "webhooks",
                Markup.Escape(remote.GetProperty("syncing").GetBoolean() ? "syncing" : remote.GetProperty("status").GetString()!),
                remote.GetProperty("checkedAt").ValueKind == JsonValueKind.String ? remote.GetProperty("checkedAt").GetDateTimeOffset().ToString("u", CultureInfo.InvariantCulture) : "-");
            AnsiConsole.Write(table);
            if (remote.GetProperty("error").GetString() is { } error)
            {
                AnsiConsole.MarkupLine($"[red]Last fetch failed:[/] {Markup.Escape(error)}");
            }

            foreach (var line in remote.GetProperty("lastOutput").EnumerateArray())
            {
                Console.Out.WriteLine(line.GetString());
            }
        }));
        return command;
    }
}
