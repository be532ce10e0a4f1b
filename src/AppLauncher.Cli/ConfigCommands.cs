using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace AppLauncher.Cli;

/// <summary><c>launcher config set|unset|list &lt;app&gt;</c>: an app's config vars; a change releases a new revision.</summary>
internal static class ConfigCommands
{
    public const string SecretMask = "********";

    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Build(Func<ParseResult, Func<LauncherClient, Task>, Task<int>> run)
    {
        var command = new Command("config", "Show or change an app's config vars (environment variables); secrets are stored encrypted and never shown.");
        command.Subcommands.Add(Set(run));
        command.Subcommands.Add(Unset(run));
        command.Subcommands.Add(List(run));
        return command;
    }

    private static Command Set(Func<ParseResult, Func<LauncherClient, Task>, Task<int>> run)
    {
        var app = new Argument<string>("app") { Description = "The app's name" };
        var pairs = new Argument<string[]>("KEY=VALUE") { Description = "Variables to set; with --secret, a KEY alone reads its value from standard input (a line when piped, a prompt without echo on a terminal)", Arity = ArgumentArity.OneOrMore };
        var secret = new Option<bool>("--secret") { Description = "Treat these values as secrets: masked in every listing and output. Give KEY without =VALUE to keep the value out of shell history and ps" };
        var command = new Command("set", "Set config vars; the app is redeployed with them (same image, new revision) without dropping a request.") { app, pairs, secret };
        command.SetAction((result, cancellationToken) => run(result, async client =>
        {
            var settings = result.GetValue(pairs)!.Select(p => Parse(p, result.GetValue(secret))).ToList();
            var change = await client.ChangeConfigAsync(result.GetValue(app)!, settings, [], cancellationToken);
            AnsiConsole.MarkupLine(Markup.Escape(change.Message));
        }));
        return command;
    }

    private static Command Unset(Func<ParseResult, Func<LauncherClient, Task>, Task<int>> run)
    {
        var app = new Argument<string>("app") { Description = "The app's name" };
        var keys = new Argument<string[]>("KEY") { Description = "Variables to remove", Arity = ArgumentArity.OneOrMore };
        var command = new Command("unset", "Remove config vars; the app is redeployed without them.") { app, keys };
        command.SetAction((result, cancellationToken) => run(result, async client =>
        {
            var change = await client.ChangeConfigAsync(result.GetValue(app)!, [], result.GetValue(keys)!, cancellationToken);
            AnsiConsole.MarkupLine(Markup.Escape(change.Message));
        }));
        return command;
    }

    private static Command List(Func<ParseResult, Func<LauncherClient, Task>, Task<int>> run)
    {
        var app = new Argument<string>("app") { Description = "The app's name" };
        var json = new Option<bool>("--json") { Description = "Print JSON (a secret's value is null)" };
        var command = new Command("list", "List an app's config vars, KEY=VALUE a line; secrets are masked.") { app, json };
        command.SetAction((result, cancellationToken) => run(result, async client =>
        {
            var config = await client.ConfigAsync(result.GetValue(app)!, cancellationToken);
            if (result.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(config, Indented));
                return;
            }

            if (config.Vars.Count == 0)
            {
                Console.Out.WriteLine($"{config.App} has no config vars. Set one with: launcher config set {config.App} KEY=VALUE");
                return;
            }

            foreach (var v in config.Vars)
            {
                Console.Out.WriteLine(v.Secret ? $"{v.Key}={SecretMask} (secret)" : $"{v.Key}={v.Value}");
            }
        }));
        return command;
    }

    private static ConfigSettingInfo Parse(string pair, bool secret)
    {
        var equals = pair.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0 && secret && pair.Length > 0)
        {
            return new ConfigSettingInfo(pair, SecretInput.Read(pair), secret);
        }

        // The message names the key only: what follows '=' may be a secret.
        return equals > 0
            ? new ConfigSettingInfo(pair[..equals], pair[(equals + 1)..], secret)
            : throw new CliException($"'{(equals < 0 ? pair : "")}' is not KEY=VALUE: write e.g. DATABASE_URL=postgres://db/app (quote the pair if the value has spaces), " +
                                     "or, for a secret, 'config set --secret <app> KEY' and give the value on standard input");
    }
}
