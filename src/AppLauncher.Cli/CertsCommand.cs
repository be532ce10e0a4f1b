using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace AppLauncher.Cli;

/// <summary>One certificate as the API shows it: names, state, issuer, validity, and the last error with the next attempt.</summary>
internal sealed record CertificateInfo(string Name, string? App, List<string> Domains, string State, string? Issuer, DateTimeOffset? NotBefore, DateTimeOffset? NotAfter,
    DateTimeOffset? RenewAt, string? LastError, DateTimeOffset? NextAttempt, int Failures);

/// <summary><c>launcher certs [app] [--json]</c>: the certificates serving an app, or all of them (owner).</summary>
internal static class CertsCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Build(Func<ParseResult, Func<LauncherClient, Task>, Task<int>> run)
    {
        var app = new Argument<string?>("app") { Description = "The app's name; without it, every certificate of the platform", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print the certificates as JSON (domains, state, issuer, notAfter, renewAt, lastError, nextAttempt)" };
        var command = new Command("certs", "List certificates (ACME): names, issuer, expiry, renewal, last error and next attempt.") { app, json };
        command.SetAction((result, cancellationToken) => run(result, async client =>
        {
            var name = result.GetValue(app);
            var certs = await client.CertificatesAsync(name, cancellationToken);
            if (result.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(certs, Json));
                return;
            }

            if (certs.Count == 0)
            {
                AnsiConsole.MarkupLine(name is null
                    ? "No certificates from ACME: set [bold]acme.directory[/] in launcher.yaml to order them."
                    : $"{Markup.Escape(name)} has no certificate from ACME yet (set [bold]acme.directory[/] in launcher.yaml; orders run in the background).");
                return;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumn("NAME").AddColumn("DOMAINS").AddColumn("STATE").AddColumn("ISSUER").AddColumn("NOT AFTER")
                .AddColumn("RENEW AT").AddColumn("NEXT ATTEMPT").AddColumn("LAST ERROR");
            foreach (var c in certs)
            {
                table.AddRow(Markup.Escape(c.Name), Markup.Escape(string.Join(" ", c.Domains)), State(c.State), Markup.Escape(c.Issuer ?? "-"), Time(c.NotAfter), Time(c.RenewAt),
                    Time(c.NextAttempt), Markup.Escape(c.LastError ?? ""));
            }

            AnsiConsole.Write(table);
        }));
        return command;
    }

    private static string State(string state) => state switch
    {
        "valid" => "[green]valid[/]",
        "failing" or "expired" => $"[red]{state}[/]",
        _ => $"[yellow]{Markup.Escape(state)}[/]",
    };

    private static string Time(DateTimeOffset? at) => at?.ToString("u", CultureInfo.InvariantCulture) ?? "-";
}
