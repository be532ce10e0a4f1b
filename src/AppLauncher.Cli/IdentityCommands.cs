using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace AppLauncher.Cli;

/// <summary><c>launcher whoami</c>, <c>login</c>, <c>tokens</c>, <c>teams</c> and <c>audit</c>.</summary>
internal static class IdentityCommands
{
    /// <summary>The token <c>launcher login</c> read from stdin, used for the call that checks it.</summary>
    internal static string? PendingLogin { get; private set; }

    private static string TokenFile =>
        Path.Combine(Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config"), "launcher", "token");

    /// <summary>The token <c>launcher login</c> stored, if any.</summary>
    public static string? StoredToken() => File.Exists(TokenFile) && File.ReadAllText(TokenFile).Trim() is { Length: > 0 } t ? t : null;

    public static Command WhoAmI(Func<ParseResult, Func<LauncherClient, Task>, Task<int>> run)
    {
        var command = new Command("whoami", "Show who your token speaks for: user, owner or not, teams and roles, and the token's own scope.");
        command.SetAction((result, ct) => run(result, async client => PrintWhoAmI((await client.CallAsync(HttpMethod.Get, "api/whoami", null, ct))!.Value)));
        return command;
    }

    public static Command Login(Func<ParseResult, Func<LauncherClient, Task>, Task<int>> run)
    {
        var ldap = new Option<bool>("--ldap") { Description = "Log in with your directory (LDAP) user name and password: the server issues a personal token" };
        var user = new Option<string>("--user") { Description = "Your directory user name with --ldap (default: $USER)" };
        var command = new Command("login",
            "Check a token (--token, or one line on stdin) and store it for the CLI in ~/.config/launcher/token (0600); "
            + "with --ldap, log in with your directory password (prompted, or one line on stdin) instead.") { ldap, user };
        command.SetAction((result, ct) =>
        {
            if (result.GetValue(ldap))
            {
                return LdapLoginAsync(result, run, result.GetValue(user), ct);
            }

            if (result.GetValue<string>("--token") is null && Console.IsInputRedirected)
            {
                PendingLogin = Console.In.ReadLine()?.Trim();
            }

            return run(result, async client =>
            {
                var me = (await client.CallAsync(HttpMethod.Get, "api/whoami", null, ct))!.Value;
                var token = PendingLogin ?? result.GetValue<string>("--token")
                    ?? throw new CliException("no token to log in with: pass --token <token>, or pipe it in: echo $TOKEN | launcher login");
                SaveToken(token);
                AnsiConsole.MarkupLine($"Logged in as [bold]{Markup.Escape(me.GetProperty("user").GetString() ?? "?")}[/]; the token is in {Markup.Escape(TokenFile)}.");
            });
        });
        return command;
    }

    /// <summary>The password is read here, never from argv; the call needs no token, so none is sent.</summary>
    private static Task<int> LdapLoginAsync(ParseResult result, Func<ParseResult, Func<LauncherClient, Task>, Task<int>> run, string? user, CancellationToken ct)
    {
        user ??= Environment.GetEnvironmentVariable("USER");
        if (string.IsNullOrWhiteSpace(user))
        {
            Console.Error.WriteLine("error: no user name: pass --user <your directory user name>");
            return Task.FromResult(1);
        }

        string password;
        try
        {
            password = SecretInput.Read($"Directory password for {user} (not shown): ",
                $"no password on standard input: pipe it in on one line, e.g. printf '%s\\n' \"$PASSWORD\" | launcher login --ldap --user {user}",
                "no password typed: nothing was done");
        }
        catch (CliException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return Task.FromResult(1);
        }

        PendingLogin = "";
        return run(result, async client =>
        {
            var made = (await client.CallAsync(HttpMethod.Post, "api/login/ldap", new { user, password }, ct))!.Value;
            var token = Text(made, "token") ?? throw new CliException("the server answered without a token");
            SaveToken(token);
            var teams = made.TryGetProperty("teams", out var t) ? string.Join(", ", t.EnumerateObject().Select(p => $"{p.Value.GetString()} in {p.Name}")) : "";
            AnsiConsole.MarkupLine($"Logged in as [bold]{Markup.Escape(Text(made, "user") ?? user)}[/] ({Markup.Escape(teams)}); token [bold]{Markup.Escape(Text(made, "name") ?? "")}[/] "
                + $"expires {Markup.Escape(Text(made, "expiresAt") ?? "never")} and is in {Markup.Escape(TokenFile)}.");
        });
    }

    private static void SaveToken(string token)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(Path.GetDirectoryName(TokenFile)!);
        }
        else
        {
            // 0600 from the start: the token is a password.
            Directory.CreateDirectory(Path.GetDirectoryName(TokenFile)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.WriteAllText(TokenFile, "");
            File.SetUnixFileMode(TokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.WriteAllText(TokenFile, token + "\n");
    }

    public static Command Tokens(Func<ParseResult, Func<LauncherClient, Task>, Task<int>> run)
    {
        var tokens = new Command("tokens", "Personal and deploy tokens: list, create, revoke.");

        var all = new Option<bool>("--all") { Description = "Every user's tokens (owners only)" };
        var list = new Command("list", "List your tokens (never their values).") { all };
        list.SetAction((result, ct) => run(result, async client =>
        {
            var rows = (await client.CallAsync(HttpMethod.Get, $"api/tokens?all={result.GetValue(all).ToString().ToLowerInvariant()}", null, ct))!.Value;
            var table = new Table().Border(TableBorder.Simple).AddColumn("ID").AddColumn("NAME").AddColumn("USER").AddColumn("SCOPE").AddColumn("EXPIRES").AddColumn("LAST USED").AddColumn("STATE");
            foreach (var t in rows.EnumerateArray())
            {
                var scope = Text(t, "app") is { } app ? $"deploy {app}" : Text(t, "team") is { } team ? $"{Text(t, "role")} in {team}" : "all of the user's";
                table.AddRow(Markup.Escape(t.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture)), Markup.Escape(Text(t, "name") ?? ""), Markup.Escape(Text(t, "user") ?? ""),
                    Markup.Escape(scope), Markup.Escape(Text(t, "expiresAt") ?? "never"), Markup.Escape(Text(t, "lastUsedAt") ?? "-"),
                    Text(t, "revokedAt") is null ? "[green]active[/]" : "[red]revoked[/]");
            }

            AnsiConsole.Write(table);
        }));

        var name = new Option<string>("--name") { Description = "What the token is for (laptop, ci)", Required = true };
        var team = new Option<string>("--team") { Description = "Narrow it to one team (with --role)" };
        var role = new Option<string>("--role") { Description = "Its role in --team: viewer, developer or admin" };
        var appOption = new Option<string>("--app") { Description = "A deploy token for this app: push it and read its logs, nothing else" };
        var expires = new Option<string>("--expires") { Description = "Lifetime: 30d, 12h, 90m (default: never)" };
        var user = new Option<string>("--user") { Description = "For another user (owners only)" };
        var json = new Option<bool>("--json") { Description = "Print {\"token\": …, …} as JSON" };
        var create = new Command("create", "Create a token; its value is shown once.") { name, team, role, appOption, expires, user, json };
        create.SetAction((result, ct) => run(result, async client =>
        {
            var made = (await client.CallAsync(HttpMethod.Post, "api/tokens", new
            {
                name = result.GetValue(name), team = result.GetValue(team), role = result.GetValue(role), app = result.GetValue(appOption),
                expires = result.GetValue(expires), user = result.GetValue(user),
            }, ct))!.Value;
            if (result.GetValue(json))
            {
                Console.Out.WriteLine(made.GetRawText());
                return;
            }

            AnsiConsole.MarkupLine($"Created token [bold]{Markup.Escape(Text(made, "name") ?? "")}[/] (id {made.GetProperty("id").GetInt64()}) for {Markup.Escape(Text(made, "user") ?? "")}. It is shown only now:");
            Console.Out.WriteLine(Text(made, "token"));
        }));

        var id = new Argument<string>("token") { Description = "The token's id or name (launcher tokens list)" };
        var revoke = new Command("revoke", "Revoke a token: it stops working at once (401 with the reason).") { id };
        revoke.SetAction((result, ct) => run(result, async client =>
        {
            await client.CallAsync(HttpMethod.Delete, $"api/tokens/{Uri.EscapeDataString(result.GetValue(id)!)}", null, ct);
            AnsiConsole.MarkupLine($"Revoked {Markup.Escape(result.GetValue(id)!)}.");
        }));

        tokens.Subcommands.Add(list);
        tokens.Subcommands.Add(create);
        tokens.Subcommands.Add(revoke);
        return tokens;
    }

    public static Command Teams(Func<ParseResult, Func<LauncherClient, Task>, Task<int>> run)
    {
        var teams = new Command("teams", "Teams and their members.");
        teams.SetAction((result, ct) => run(result, async client =>
        {
            var rows = (await client.CallAsync(HttpMethod.Get, "api/teams", null, ct))!.Value;
            var table = new Table().Border(TableBorder.Simple).AddColumn("TEAM").AddColumn("DOMAINS").AddColumn("MEMBERS");
            foreach (var t in rows.EnumerateArray())
            {
                table.AddRow(Markup.Escape(Text(t, "name") ?? ""), Markup.Escape(Text(t, "domains") ?? "app"), Markup.Escape(string.Join(", ", t.GetProperty("members").EnumerateObject().Select(m => $"{m.Name} ({m.Value.GetString()})"))));
            }

            AnsiConsole.Write(table);
        }));

        var teamName = new Argument<string>("team") { Description = "The team's name (a DNS label)" };
        var domains = new Option<string>("--domains") { Description = "How the team's apps are named: 'team' ({app}.{team}.{domain}, domains.teamTemplate) or 'app' ({app}.{domain}, the default)" };
        var create = new Command("create", "Create a team (platform owners only).") { teamName, domains };
        create.SetAction((result, ct) => run(result, async client =>
        {
            await client.CallAsync(HttpMethod.Post, "api/teams", new { name = result.GetValue(teamName), domains = result.GetValue(domains) }, ct);
            AnsiConsole.MarkupLine($"Created team [bold]{Markup.Escape(result.GetValue(teamName)!)}[/].");
        }));

        var updateTeam = new Argument<string>("team") { Description = "The team" };
        var updateDomains = new Option<string>("--domains") { Description = "'team' ({app}.{team}.{domain}) or 'app' ({app}.{domain}); {app}.{domain} keeps answering either way", Required = true };
        var update = new Command("update", "Change a team's settings (platform owners only).") { updateTeam, updateDomains };
        update.SetAction((result, ct) => run(result, async client =>
        {
            await client.CallAsync(HttpMethod.Put, $"api/teams/{Uri.EscapeDataString(result.GetValue(updateTeam)!)}/domains", new { domains = result.GetValue(updateDomains) }, ct);
            AnsiConsole.MarkupLine(Markup.Escape($"{result.GetValue(updateTeam)}'s apps are named by {(result.GetValue(updateDomains) == "team" ? "{app}.{team}.{domain}" : "{app}.{domain}")}."));
        }));

        var addTeam = new Argument<string>("team") { Description = "The team" };
        var addUser = new Argument<string>("user") { Description = "The user (created if new)" };
        var role = new Option<string>("--role") { Description = "viewer, developer or admin", Required = true };
        var add = new Command("add", "Give a user a role in a team (team admins and owners).") { addTeam, addUser, role };
        add.SetAction((result, ct) => run(result, async client =>
        {
            await client.CallAsync(HttpMethod.Put, $"api/teams/{Uri.EscapeDataString(result.GetValue(addTeam)!)}/members/{Uri.EscapeDataString(result.GetValue(addUser)!)}", new { role = result.GetValue(role) }, ct);
            AnsiConsole.MarkupLine(Markup.Escape($"{result.GetValue(addUser)} is {result.GetValue(role)} in {result.GetValue(addTeam)}."));
        }));

        var removeTeam = new Argument<string>("team") { Description = "The team" };
        var removeUser = new Argument<string>("user") { Description = "The member" };
        var remove = new Command("remove", "Take a user out of a team.") { removeTeam, removeUser };
        remove.SetAction((result, ct) => run(result, async client =>
        {
            await client.CallAsync(HttpMethod.Delete, $"api/teams/{Uri.EscapeDataString(result.GetValue(removeTeam)!)}/members/{Uri.EscapeDataString(result.GetValue(removeUser)!)}", null, ct);
            AnsiConsole.MarkupLine(Markup.Escape($"{result.GetValue(removeUser)} left {result.GetValue(removeTeam)}."));
        }));

        teams.Subcommands.Add(create);
        teams.Subcommands.Add(update);
        teams.Subcommands.Add(add);
        teams.Subcommands.Add(remove);
        return teams;
    }

    public static Command Audit(Func<ParseResult, Func<LauncherClient, Task>, Task<int>> run)
    {
        var app = new Option<string>("--app") { Description = "Only changes to this app" };
        var since = new Option<string>("--since") { Description = "Only the last 1h, 2d, 30m" };
        var json = new Option<bool>("--json") { Description = "Print the entries as JSON" };
        var command = new Command("audit", "Who changed what, when, and how it ended (newest first).") { app, since, json };
        command.SetAction((result, ct) => run(result, async client =>
        {
            var query = string.Join("&", new[] { result.GetValue(app) is { } a ? $"app={Uri.EscapeDataString(a)}" : null, result.GetValue(since) is { } s ? $"since={Uri.EscapeDataString(s)}" : null }.OfType<string>());
            var rows = (await client.CallAsync(HttpMethod.Get, "api/audit" + (query.Length == 0 ? "" : "?" + query), null, ct))!.Value;
            if (result.GetValue(json))
            {
                Console.Out.WriteLine(rows.GetRawText());
                return;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumn("WHEN").AddColumn("WHO").AddColumn("WHAT").AddColumn("APP").AddColumn("TARGET").AddColumn("OUTCOME");
            foreach (var r in rows.EnumerateArray())
            {
                table.AddRow(Markup.Escape(Text(r, "at") ?? ""), Markup.Escape(Text(r, "actor") ?? ""), Markup.Escape(Text(r, "action") ?? ""),
                    Markup.Escape(Text(r, "app") ?? "-"), Markup.Escape(Text(r, "target") ?? "-"), Markup.Escape(Text(r, "outcome") ?? ""));
            }

            AnsiConsole.Write(table);
        }));
        return command;
    }

    private static void PrintWhoAmI(JsonElement me)
    {
        Console.Out.WriteLine($"user:  {Text(me, "user")}{(me.GetProperty("owner").GetBoolean() ? " (platform owner)" : "")}");
        Console.Out.WriteLine($"token: {Text(me, "token")}" + (Text(me, "deployApp") is { } app ? $" (deploy token of {app})" : Text(me, "tokenTeam") is { } t ? $" (narrowed to {Text(me, "tokenRole")} in {t})" : ""));
        foreach (var team in me.GetProperty("teams").EnumerateObject())
        {
            Console.Out.WriteLine($"team:  {team.Name} ({team.Value.GetString()})");
        }
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.ToString() : null;
}
