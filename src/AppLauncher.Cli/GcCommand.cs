using System.CommandLine;
using System.Globalization;
using Spectre.Console;

namespace AppLauncher.Cli;

/// <summary><c>launcher gc [--dry-run]</c>: remove old revisions' images, dangling build stages and stopped one-off containers.</summary>
internal static class GcCommand
{
    public static Command Create(Func<ParseResult, Func<LauncherClient, Task>, Task<int>> run)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would go, remove nothing" };
        var command = new Command("gc", "Remove images of revisions older than gc.keepRevisions that nothing serves, dangling build stages and stopped one-off containers.") { dryRun };
        command.SetAction((result, cancellationToken) => run(result, async client =>
        {
            var report = await client.GcAsync(result.GetValue(dryRun), cancellationToken);
            var table = new Table().Border(TableBorder.Simple).AddColumn("IMAGE").AddColumn("APP").AddColumn("TAGS").AddColumn("REVISIONS").AddColumn(new TableColumn("SIZE").RightAligned()).AddColumn("WHY");
            foreach (var image in report.Images)
            {
                table.AddRow(Markup.Escape(Short(image.Id)), Markup.Escape(image.App ?? "-"), Markup.Escape(image.Tags.Count == 0 ? "-" : string.Join(", ", image.Tags)),
                    Markup.Escape(image.Revisions.Count == 0 ? "-" : string.Join(", ", image.Revisions)), Size(image.Size), Markup.Escape(image.Reason));
            }

            if (report.Images.Count > 0)
            {
                AnsiConsole.Write(table);
            }

            foreach (var container in report.Containers)
            {
                AnsiConsole.MarkupLine(Markup.Escape($"container {container.Name} ({container.App ?? "-"}, {container.State})"));
            }

            foreach (var skipped in report.Skipped)
            {
                AnsiConsole.MarkupLine($"[yellow]kept[/] {Markup.Escape(skipped)}");
            }

            var verb = report.DryRun ? "Would remove" : "Removed";
            AnsiConsole.MarkupLine(Markup.Escape($"{verb} {report.Images.Count} images and {report.Containers.Count} containers: up to {Size(report.Bytes)} (layers shared with kept images stay)."));
        }));
        return command;
    }

    private static string Short(string id) => id.Replace("sha256:", "", StringComparison.Ordinal)[..Math.Min(12, id.Replace("sha256:", "", StringComparison.Ordinal).Length)];

    private static string Size(long bytes) => bytes >= 1 << 30
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1 << 30):0.00} GiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1 << 20):0.0} MiB");
}
