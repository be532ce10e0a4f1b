using System.Diagnostics;

namespace AppLauncher.Build;

/// <summary>
/// Keeps builds off this host's own services: one iptables rule in INPUT refuses every packet that comes in from the
/// build network's bridge. A bridge never reaches the host's loopback anyway; the rule closes the rest (services bound
/// on all addresses answer on the bridge's gateway and on the machine's other addresses). Forwarded traffic, to the
/// package registries outside, does not pass INPUT and is left alone. The rule is managed idempotently: checked first,
/// inserted at the top when missing, and rules of an earlier build network (another bridge) are removed.
/// </summary>
internal sealed class HostFirewall
{
    /// <summary>The comment on AppLauncher's rules, by which they are found again.</summary>
    public const string Comment = "launcher-build: builds do not reach this host";

    /// <summary>The rule for one bridge interface, as iptables arguments after the command (-C, -I, -D).</summary>
    public static IReadOnlyList<string> Rule(string bridge) =>
        ["INPUT", "-i", bridge, "-m", "comment", "--comment", Comment, "-j", "REJECT"];

    /// <summary>Makes sure the rule for <paramref name="bridge"/> is in place; throws <see cref="HostFirewallException"/> naming what to do when it cannot be.</summary>
    public async Task EnsureAsync(string bridge, CancellationToken cancellationToken)
    {
        if ((await RunAsync(["-C", .. Rule(bridge)], cancellationToken)).ExitCode == 0)
        {
            await RemoveStaleAsync(bridge, cancellationToken);
            return;
        }

        var inserted = await RunAsync(["-I", .. Rule(bridge)], cancellationToken);
        if (inserted.ExitCode != 0)
        {
            throw new HostFirewallException(inserted.Output);
        }

        await RemoveStaleAsync(bridge, cancellationToken);
    }

    /// <summary>True when the rule for <paramref name="bridge"/> is in INPUT now.</summary>
    public async Task<bool> IsInPlaceAsync(string bridge, CancellationToken cancellationToken) =>
        (await RunAsync(["-C", .. Rule(bridge)], cancellationToken)).ExitCode == 0;

    /// <summary>Rules of ours for another bridge (the build network was removed and made again) go.</summary>
    private static async Task RemoveStaleAsync(string bridge, CancellationToken cancellationToken)
    {
        var listed = await RunAsync(["-S", "INPUT"], cancellationToken);
        foreach (var line in listed.Output.Split('\n'))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var at = Array.IndexOf(parts, "-i");
            if (!line.Contains(Comment, StringComparison.Ordinal) || at < 0 || at + 1 >= parts.Length || parts[at + 1] == bridge)
            {
                continue;
            }

            await RunAsync(["-D", .. Rule(parts[at + 1])], cancellationToken);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        // -w: wait for the xtables lock rather than fail while dockerd changes its own chains.
        var start = new ProcessStartInfo("iptables") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["-w", "5", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start) ?? throw new HostFirewallException("iptables could not be started");
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return (process.ExitCode, ((await output) + (await errors)).Trim());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new HostFirewallException($"iptables is not installed ({e.Message})");
        }
    }
}
