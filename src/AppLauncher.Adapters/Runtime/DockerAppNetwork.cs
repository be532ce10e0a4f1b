using System.Diagnostics;
using AppLauncher.Docker;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace AppLauncher.Runtime;

/// <summary>
/// The bridge network app containers join (<c>runtime.docker.containment.network</c>, default <c>launcher-apps</c>),
/// created on first use with inter-container communication off: no app reaches another app's container, only the
/// outside world and its own loopback. The proxy reaches each instance through the port published on 127.0.0.1. With
/// <c>blockHostServices</c>, the host also refuses connections that arrive from the network (services bound on 0.0.0.0
/// would otherwise answer on the bridge's gateway address), replies to the host's own connections excepted.
/// </summary>
internal sealed partial class DockerAppNetwork(IDockerClient docker, Settings.LauncherSettings settings, ILogger<DockerAppNetwork> logger)
{
    /// <summary>The option that turns inter-container communication off on a bridge network.</summary>
    public const string IccOption = "com.docker.network.bridge.enable_icc";

    /// <summary>The option naming the network's Linux bridge, which the host firewall rule matches.</summary>
    public const string BridgeNameOption = "com.docker.network.bridge.name";

    /// <summary>The iptables chain holding the rules for app networks (build networks use their own).</summary>
    public const string FirewallChain = "LAUNCHER-APPS";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _ready;

    private Core.Config.ContainmentConfig Config => settings.Config.Runtime.Docker.Containment;

    /// <summary>The network mode for an app container: the app network, created and checked once; "" keeps Docker's default bridge.</summary>
    public async Task<string> EnsureAsync(CancellationToken cancellationToken)
    {
        var name = Config.Network;
        if (name.Length == 0 || _ready == name)
        {
            return name;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_ready != name)
            {
                await EnsureNetworkAsync(name, cancellationToken);
                if (Config.BlockHostServices)
                {
                    await BlockHostServicesAsync(BridgeName(name), cancellationToken);
                }

                _ready = name;
            }

            return name;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The Linux bridge of the network: its name when that fits an interface name (15 characters), else a shortened one.</summary>
    public static string BridgeName(string network) => network.Length <= 15 ? network : network[..15];

    private async Task EnsureNetworkAsync(string name, CancellationToken cancellationToken)
    {
        NetworkResponse? existing;
        try
        {
            existing = await docker.Networks.InspectNetworkAsync(name, cancellationToken);
        }
        catch (DockerNetworkNotFoundException)
        {
            existing = null;
        }
        catch (DockerApiException e)
        {
            throw DockerRuntime.Refused($"inspect the app network {name}", e);
        }

        if (existing is not null)
        {
            // Made by someone else, or by an older AppLauncher: joining it must not give apps a way to each other.
            if (existing.Driver != "bridge" || !(existing.Options?.TryGetValue(IccOption, out var icc) == true && icc == "false"))
            {
                throw new RuntimeException(
                    $"the Docker network {name} lets its containers reach each other ({IccOption} is not false): app containers are not started on it. " +
                    $"Remove it (docker network rm {name}) and AppLauncher creates it again with inter-container communication off, " +
                    "or set runtime.docker.containment.network in launcher.yaml to another name");
            }

            return;
        }

        try
        {
            await docker.Networks.CreateNetworkAsync(
                new NetworksCreateParameters
                {
                    Name = name,
                    Driver = "bridge",
                    Options = new Dictionary<string, string> { [IccOption] = "false", [BridgeNameOption] = BridgeName(name) },
                    Labels = new Dictionary<string, string> { [RuntimeLabels.Managed] = "true" },
                },
                cancellationToken);
            Log.NetworkCreated(logger, name);
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // Created meanwhile by another AppLauncher on this engine: the same network.
        }
        catch (DockerApiException e)
        {
            throw DockerRuntime.Refused($"create the app network {name}", e);
        }
    }

    /// <summary>
    /// Rejects every new connection from the bridge to the host itself (INPUT), keeping replies to connections the host
    /// opened (the engine's port proxy reaching an instance). Idempotent: the rules are checked before they are added.
    /// Without iptables or the right to change it, the apps still run, and the log says what is left open.
    /// </summary>
    private async Task BlockHostServicesAsync(string bridge, CancellationToken cancellationToken)
    {
        string[][] rules =
        [
            ["-N", FirewallChain],
            ["-A", FirewallChain, "-m", "conntrack", "--ctstate", "ESTABLISHED,RELATED", "-j", "RETURN"],
            ["-A", FirewallChain, "-j", "REJECT"],
            ["-I", "INPUT", "-i", bridge, "-j", FirewallChain],
        ];
        try
        {
            if (await IptablesAsync(["-n", "-L", FirewallChain], cancellationToken) != 0)
            {
                await RequireAsync(rules[0], cancellationToken);
            }

            foreach (var rule in rules.Skip(1))
            {
                var check = rule.ToArray();
                check[0] = "-C";
                if (await IptablesAsync(check, cancellationToken) != 0)
                {
                    await RequireAsync(rule, cancellationToken);
                }
            }
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            Log.FirewallUnavailable(logger, bridge, e.Message);
        }
    }

    private async Task RequireAsync(string[] arguments, CancellationToken cancellationToken)
    {
        if (await IptablesAsync(arguments, cancellationToken) is var code and not 0)
        {
            throw new InvalidOperationException($"iptables {string.Join(' ', arguments)} exited with {code} (is AppLauncher running as root?)");
        }
    }

    private static async Task<int> IptablesAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("iptables") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-w");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("iptables did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        await Task.WhenAll(output, error);
        return process.ExitCode;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Created the app network {Network} (inter-container communication off)")]
        public static partial void NetworkCreated(ILogger logger, string network);

        [LoggerMessage(2, LogLevel.Warning,
            "Could not make the host refuse connections from the app network's bridge {Bridge} ({Reason}): apps can reach host services bound on 0.0.0.0 through its gateway. " +
            "Run AppLauncher as root with iptables installed, or set runtime.docker.containment.blockHostServices: false to silence this")]
        public static partial void FirewallUnavailable(ILogger logger, string bridge, string reason);
    }
}
