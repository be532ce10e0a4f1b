using System.CommandLine;
using System.Globalization;
using Spectre.Console;

namespace AppLauncher.Cli;

/// <summary><c>launcher releases &lt;app&gt;</c> and <c>launcher rollback &lt;app&gt; [revision]</c>.</summary>
internal static class ReleasesCommands
{
    public static Command Releases(Func<ParseResult, Func<LauncherClient, Task>, Task<int>> run)
    {
        var app = new Argument<string>("app") { Description = "The app's name" };
        var command = new Command("releases", "List an app's revisions, newest first: image digest, commit, what changed, who, when.") { app };
        command.SetAction((result, cancellationToken) => run(result, async client =>
        {
            var releases = await client.ReleasesAsync(result.GetValue(app)!, cancellationToken);
            var table = new Table().Border(TableBorder.Simple)
                .AddColumn("").AddColumn("REVISION").AddColumn("IMAGE").AddColumn("COMMIT").AddColumn("CHANGE").AddColumn("BY").AddColumn("BUILDPACK").AddColumn("CREATED").AddColumn("LAST RELEASED");
            foreach (var r in releases)
            {
                table.AddRow(r.Current ? "[green]*[/]" : "", Markup.Escape(r.Name), Markup.Escape(Short(r.ImageId.Replace("sha256:", "", StringComparison.Ordinal))),
                    Markup.Escape(Short(r.Commit)[..Math.Min(7, r.Commit.Length)]), Markup.Escape(r.Change ?? "-"), Markup.Escape(r.Actor ?? "-"), Markup.Escape(r.Buildpack),
                    r.CreatedAt.ToString("u", CultureInfo.InvariantCulture), r.ReleasedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "never");
            }

            AnsiConsole.Write(table);
        }));
        return command;
    }

    public static Command Rollback(Func<ParseResult, Func<LauncherClient, Task>, Task<int>> run)
    {
        var app = new Argument<string>("app") { Description = "The app's name" };
        var revision = new Argument<string?>("revision") { Description = "The revision to switch to (default: the one released before the current)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("rollback", "Switch an app back to an earlier revision's image and configuration, without dropping a request.") { app, revision };
        command.SetAction((result, cancellationToken) => run(result, async client =>
            AnsiConsole.MarkupLine(Markup.Escape(await client.RollbackAsync(result.GetValue(app)!, result.GetValue(revision), cancellationToken)))));
        return command;
    }

    private static string Short(string id) => id[..Math.Min(12, id.Length)];
}
