using AppLauncher.Core.Config;
using AppLauncher.Docker;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace AppLauncher.Build;

/// <summary>
/// The network build steps run on. With <c>build.networkMode: isolated</c> (the default) that is AppLauncher's own
/// bridge network (<c>build.network</c>, <c>launcher-build</c>): no traffic between its containers, the package
/// registries reached through the host's outside network, and — with <c>build.blockHostServices</c> — no packet to
/// this host itself (<see cref="HostFirewall"/>). It is made or verified at start and again before every build, so a
/// pruned network or a flushed firewall comes back; a build never falls back to a wider network.
/// </summary>
internal sealed partial class BuildNetwork(IDockerClient docker, HostFirewall firewall, PlatformConfig config, ILogger<BuildNetwork> logger) : IHostedService
{
    /// <summary>Label on the network AppLauncher made for builds.</summary>
    public const string RoleLabel = "launcher.role";

    public const string RoleValue = "build-network";

    private const string IccOption = "com.docker.network.bridge.enable_icc";
    private const string BridgeNameOption = "com.docker.network.bridge.name";

    private readonly SemaphoreSlim _lock = new(1, 1);

    /// <summary>The network mode a build passes to the engine: the isolated network's name, <c>none</c> or <c>host</c>.</summary>
    public async Task<string> EnsureAsync(CancellationToken cancellationToken)
    {
        var build = config.Build;
        if (build.NetworkMode != "isolated")
        {
            return build.NetworkMode;
        }

        await _lock.WaitAsync(cancellationToken);
        try
        {
            var network = await InspectAsync(build.Network, cancellationToken) ?? await CreateAsync(build.Network, cancellationToken);
            var icc = network.Options?.TryGetValue(IccOption, out var value) == true ? value : "true";
            if (network.Driver != "bridge" || icc != "false")
            {
                throw new BuildFailedException(
                    $"the Docker network '{build.Network}' exists but is not an isolated build network (driver {network.Driver}, " +
                    $"{IccOption}={icc}): remove it with 'docker network rm {build.Network}' " +
                    "so AppLauncher makes its own, or set build.network in the platform's launcher.yaml to another name", []);
            }

            if (build.BlockHostServices)
            {
                try
                {
                    await firewall.EnsureAsync(BridgeOf(network), cancellationToken);
                }
                catch (HostFirewallException e)
                {
                    throw new BuildFailedException(
                        $"builds are not started: the firewall rule that keeps builds off this machine's services could not be put in place " +
                        $"({e.Message}). Run the server as root with iptables installed (it manages one INPUT rule for the build network's bridge), " +
                        "or set build.blockHostServices: false in the platform's launcher.yaml to accept that builds reach services listening " +
                        "on all of this host's addresses (loopback stays out of reach)", []);
                }
            }

            return build.Network;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>The host-side interface of a bridge network: the one its options name, else the engine's <c>br-</c> + 12 hex of its id.</summary>
    public static string BridgeOf(NetworkResponse network) =>
        network.Options?.TryGetValue(BridgeNameOption, out var name) == true && name.Length > 0 ? name : "br-" + network.ID[..12];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        switch (config.Build.NetworkMode)
        {
            case "host":
                Log.HostNetwork(logger);
                return;
            case "none":
                Log.NoNetwork(logger);
                return;
        }

        try
        {
            await EnsureAsync(cancellationToken);
            Log.Isolated(logger, config.Build.Network, config.Build.BlockHostServices ? "refused by the host firewall" : "NOT blocked (build.blockHostServices: false)");
        }
        catch (Exception e) when (e is BuildFailedException or DockerApiException or HttpRequestException or TimeoutException)
        {
            // The server stays up; every build tries again and fails with this reason until it is fixed.
            Log.NotReady(logger, config.Build.Network, e.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<NetworkResponse?> InspectAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await docker.Networks.InspectNetworkAsync(name, cancellationToken);
        }
        catch (DockerNetworkNotFoundException)
        {
            return null;
        }
        catch (DockerApiException e)
        {
            throw new BuildFailedException($"the Docker Engine could not look up the build network '{name}': {DockerEngine.Message(e)}", []);
        }
    }

    private async Task<NetworkResponse> CreateAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await docker.Networks.CreateNetworkAsync(new NetworksCreateParameters
            {
                Name = name,
                Driver = "bridge",
                Options = new Dictionary<string, string> { [IccOption] = "false" },
                Labels = new Dictionary<string, string> { [RoleLabel] = RoleValue },
            }, cancellationToken);
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // Another server on this engine made it at the same moment: use theirs (verified like any other).
        }
        catch (DockerApiException e)
        {
            throw new BuildFailedException($"the Docker Engine could not create the build network '{name}': {DockerEngine.Message(e)}", []);
        }

        return await InspectAsync(name, cancellationToken)
            ?? throw new BuildFailedException($"the build network '{name}' was created but the engine does not find it: push again", []);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Builds run on the Docker network {Network} (no traffic between build containers; this host's services {Host})")]
        public static partial void Isolated(ILogger logger, string network, string host);

        [LoggerMessage(2, LogLevel.Warning, "build.networkMode is host: build steps share this machine's network and reach the control plane, every app and every service on loopback. Use isolated (the default) unless every pusher is fully trusted")]
        public static partial void HostNetwork(ILogger logger);

        [LoggerMessage(3, LogLevel.Information, "build.networkMode is none: build steps have no network (package installs fail)")]
        public static partial void NoNetwork(ILogger logger);

        [LoggerMessage(4, LogLevel.Error, "The build network {Network} is not ready, so builds fail until it is: {Reason}")]
        public static partial void NotReady(ILogger logger, string network, string reason);
    }
}
