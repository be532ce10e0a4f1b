using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace AppLauncher.Cli;

/// <summary><c>launcher run app -- command…</c>: a one-off command in the app's current image, like <c>heroku run</c> and <c>docker run --rm</c>.</summary>
internal static class RunCommand
{
    public static Command Build(Func<ParseResult, Func<LauncherClient, Task>, Task<int>> run)
    {
        var app = new Argument<string>("app") { Description = "The app's name" };
        var command = new Argument<string[]>("command") { Description = "The command and its arguments, after '--' (no shell: wrap in sh -c '…' for one)", Arity = ArgumentArity.OneOrMore };
        var interactive = new Option<bool>("--interactive", "-i") { Description = "A live console: standard input goes to the command as it is typed (or piped) while its output comes back" };
        var detach = new Option<bool>("--detach", "-d") { Description = "Start it and return; its output stays readable with 'launcher logs <app> --run ID'" };
        var cli = new Command("run", "Run a one-off command in a new container of the app's current revision, with its config vars; exits with the command's exit code.")
        {
            app, command, interactive, detach,
        };
        cli.SetAction(async (result, cancellationToken) =>
        {
            var exitCode = 0;
            var status = await run(result, async client =>
            {
                var name = result.GetValue(app)!;
                var args = result.GetValue(command)!;
                if (result.GetValue(detach))
                {
                    var started = await client.StartDetachedRunAsync(name, args, cancellationToken);
                    AnsiConsole.MarkupLine($"Started run.{Markup.Escape(started.Id)} of {Markup.Escape(name)} ({Markup.Escape(started.Revision)}): {Markup.Escape(started.Command)}");
                    AnsiConsole.MarkupLine($"Its output: [bold]launcher logs {Markup.Escape(name)} --run {Markup.Escape(started.Id)}[/]");
                    return;
                }

                if (result.GetValue(interactive))
                {
                    await using var input = Console.OpenStandardInput();
                    exitCode = await client.ConsoleAsync(name, args, input, line => WriteLine(line), cancellationToken);
                    return;
                }

                exitCode = await client.RunAsync(name, args, null, line => WriteLine(line), cancellationToken);
            });
            return status != 0 ? status : exitCode;
        });
        return cli;
    }

    /// <summary>One NDJSON line of the run's answer: output goes where the command wrote it; the exit code ends it.</summary>
    private static int? WriteLine(JsonElement line)
    {
        if (line.TryGetProperty("text", out var text))
        {
            (line.GetProperty("stream").GetString() == "stderr" ? Console.Error : Console.Out).Write(text.GetString());
        }

        return line.TryGetProperty("exitCode", out var code) ? code.GetInt32() : null;
    }
}
