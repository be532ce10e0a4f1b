using System.CommandLine;

namespace AppLauncher.Cli;

/// <summary><c>launcher manifests</c>: an app's Kubernetes manifests as YAML that <c>kubectl apply -f -</c> accepts.</summary>
internal static class ManifestsCommand
{
    public static Command Build(Func<ParseResult, Func<LauncherClient, Task>, Task<int>> runWithServer)
    {
        var app = new Argument<string?>("app") { Description = "The app whose current revision to render (asks the server)", Arity = ArgumentArity.ZeroOrOne };
        var dir = new Option<string?>("--dir") { Description = "Render for the repository in this directory, without a server" };
        var image = new Option<string?>("--image") { Description = "With --dir: the image, by digest (registry/app@sha256:…)" };
        var name = new Option<string?>("--app") { Description = "With --dir: the app's name (default: from the directory's name)" };
        var revision = new Option<string?>("--revision") { Description = "With --dir: the revision label (default: <app>-local)" };
        var team = new Option<string?>("--team") { Description = "With --dir: the team, i.e. the namespace (default: apps)" };
        var command = new Command("manifests", "Print an app's Kubernetes manifests (Deployment, Service, HPA, …) as YAML.")
        {
            app, dir, image, name, revision, team,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (result.GetValue(dir) is { } directory)
            {
                try
                {
                    Console.Out.Write(LocalManifests.Render(directory, result.GetValue(name) ?? result.GetValue(app), result.GetValue(image), result.GetValue(revision), result.GetValue(team)));
                    return 0;
                }
                catch (CliException e)
                {
                    await Console.Error.WriteLineAsync($"error: {e.Message}");
                    return 1;
                }
            }

            if (result.GetValue(app) is not { } appName)
            {
                await Console.Error.WriteLineAsync("error: name an app (launcher manifests <app>) or a repository (launcher manifests --dir <path>)");
                return 1;
            }

            return await runWithServer(result, async client => Console.Out.Write(await client.ManifestsAsync(appName, cancellationToken)));
        });
        return command;
    }
}
