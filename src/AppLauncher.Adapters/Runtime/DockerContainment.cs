using System.Globalization;
using AppLauncher.Core.Apps;
using AppLauncher.Core.Config;
using AppLauncher.Core.Manifests;
using Docker.DotNet.Models;

namespace AppLauncher.Runtime;

/// <summary>
/// The confinement of one app container, as a pure function of the platform's <see cref="ContainmentConfig"/>, the
/// app's launcher.yaml and its image's user: capabilities dropped, no new privileges, pids, CPU and memory limits,
/// read-only root with a tmpfs /tmp when the app asks, and a non-root user when the image wants root.
/// </summary>
internal static class DockerContainment
{
    /// <summary>Sets the limits on <paramref name="host"/>; returns the user to run as (null: the image's own).</summary>
    public static string? Apply(HostConfig host, ContainmentConfig config, AppConfig? app, int port, string? imageUser)
    {
        if (config.DropCapabilities)
        {
            host.CapDrop = ["ALL"];
            if (port < 1024)
            {
                host.CapAdd = ["NET_BIND_SERVICE"];
            }
        }

        if (config.NoNewPrivileges)
        {
            host.SecurityOpt = ["no-new-privileges:true"];
        }

        if (config.PidsLimit > 0)
        {
            host.PidsLimit = config.PidsLimit;
        }

        if (config.ResourceLimits)
        {
            var resources = (app?.Resources ?? new AppResourcesConfig()).Resolve();
            host.Memory = (long)(ResourceQuantity.TryParse(resources.MemoryLimit) ?? 512m * 1024 * 1024);
            host.MemorySwap = host.Memory; // no swap beyond the limit: over it, the kernel ends the container
            host.NanoCPUs = (long)((ResourceQuantity.TryParse(resources.CpuLimit) ?? 0.5m) * 1_000_000_000m);
        }

        if (config.ReadOnlyRootWhenAsked && app?.ReadOnlyRootFilesystem == true)
        {
            host.ReadonlyRootfs = true;
            host.Tmpfs = new Dictionary<string, string> { ["/tmp"] = $"rw,nosuid,nodev,size={config.TmpSize}" };
        }

        return config.RemapRoot && app?.RunAsRoot != true && IsRoot(imageUser) ? config.NonRootUser : null;
    }

    /// <summary>An image user that means root: unset, <c>root</c>, uid 0, with or without a group.</summary>
    public static bool IsRoot(string? user)
    {
        var name = (user ?? "").Split(':')[0].Trim();
        return name.Length == 0 || name == "root" || (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var uid) && uid == 0);
    }
}
