using System.CommandLine;
using Spectre.Console;

namespace AppLauncher.Cli;

/// <summary><c>launcher domains &lt;app&gt;</c> and its <c>add</c>, <c>verify</c> and <c>remove</c> subcommands.</summary>
internal static class DomainCommands
{
    public static Command Build()
    {
        var app = new Argument<string>("app") { Description = "The app's name" };
        var command = new Command("domains", "List an app's custom domains and its DNS registration.") { app };
        command.SetAction((result, cancellationToken) => LauncherCommands.RunAsync(result, async client =>
        {
            var name = result.GetValue(app)!;
            var domains = await client.DomainsAsync(name, cancellationToken);
            if (domains.Count == 0)
            {
                AnsiConsole.MarkupLine($"{Markup.Escape(name)} has no custom domains. Add one with [bold]launcher domains add {Markup.Escape(name)} www.your-company.com[/].");
            }
            else
            {
                var table = new Table().Border(TableBorder.Simple).AddColumn("DOMAIN").AddColumn("STATUS").AddColumn("TO VERIFY");
                foreach (var d in domains)
                {
                    table.AddRow(Markup.Escape(d.Domain), d.Status == "verified" ? "[green]verified[/]" : "[yellow]pending[/]",
                        d.Status == "verified" ? "" : Markup.Escape($"TXT {d.TxtName} \"{d.Token}\" or CNAME {d.CnameTarget}"));
                }

                AnsiConsole.Write(table);
            }

            if (await client.DnsAsync(name, cancellationToken) is { } dns)
            {
                AnsiConsole.MarkupLine($"DNS registration of {Markup.Escape(dns.Name)} in {Markup.Escape(dns.Server)}: {Markup.Escape(dns.State)}"
                    + (dns.Error is null ? "" : $" (attempt {dns.Attempts}: {Markup.Escape(dns.Error)})"));
            }
        }));
        command.Subcommands.Add(Add());
        command.Subcommands.Add(Verify());
        command.Subcommands.Add(Remove());
        return command;
    }

    private static (Argument<string> App, Argument<string> Domain) Arguments() =>
        (new Argument<string>("app") { Description = "The app's name" }, new Argument<string>("domain") { Description = "The domain, e.g. www.your-company.com" });

    private static Command Add()
    {
        var (app, domain) = Arguments();
        var command = new Command("add", "Add a custom domain; it is routed once DNS proves it is yours.") { app, domain };
        command.SetAction((result, cancellationToken) => LauncherCommands.RunAsync(result, async client =>
        {
            var d = await client.AddDomainAsync(result.GetValue(app)!, result.GetValue(domain)!, cancellationToken);
            Print(d);
            if (d.Status != "verified")
            {
                AnsiConsole.MarkupLine($"""
                    To verify it, add one of these at your DNS provider, then run [bold]launcher domains verify {Markup.Escape(d.App)} {Markup.Escape(d.Domain)}[/]:
                      {Markup.Escape(d.TxtName)}  TXT    "{Markup.Escape(d.Token)}"
                      {Markup.Escape(d.Domain)}  CNAME  {Markup.Escape(d.CnameTarget)}.
                    """);
            }
        }));
        return command;
    }

    private static Command Verify()
    {
        var (app, domain) = Arguments();
        var command = new Command("verify", "Look the domain's DNS up now and route it if it is verified.") { app, domain };
        command.SetAction((result, cancellationToken) => LauncherCommands.RunAsync(result, async client =>
        {
            var d = await client.VerifyDomainAsync(result.GetValue(app)!, result.GetValue(domain)!, cancellationToken);
            Print(d);
            if (d.Status != "verified")
            {
                throw new CliException(d.Check ?? "not verified yet");
            }
        }));
        return command;
    }

    private static Command Remove()
    {
        var (app, domain) = Arguments();
        var command = new Command("remove", "Remove a custom domain: it is no longer routed, and another app may take it.") { app, domain };
        command.SetAction((result, cancellationToken) => LauncherCommands.RunAsync(result, async client =>
        {
            var d = await client.RemoveDomainAsync(result.GetValue(app)!, result.GetValue(domain)!, cancellationToken);
            AnsiConsole.MarkupLine($"Removed {Markup.Escape(d.Domain)} from {Markup.Escape(d.App)}.");
        }));
        return command;
    }

    private static void Print(DomainInfo d) =>
        AnsiConsole.MarkupLine($"{Markup.Escape(d.Domain)} → {Markup.Escape(d.App)}: {(d.Status == "verified" ? "[green]verified[/]" : "[yellow]pending[/]")}"
            + (d.Check is { } check && d.Status == "verified" ? $" ({Markup.Escape(check)})" : ""));
}
