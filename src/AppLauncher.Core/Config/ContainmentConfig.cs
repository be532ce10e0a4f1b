namespace AppLauncher.Core.Config;

/// <summary>
/// How app containers are confined on Docker: <c>runtime.docker.containment:</c> in the platform's <c>launcher.yaml</c>.
/// Every default is the safe one; each can be turned off for an installation that trusts its pushers.
/// </summary>
public sealed class ContainmentConfig
{
    /// <summary>Drop every Linux capability (<c>NET_BIND_SERVICE</c> stays when the app's port is below 1024).</summary>
    public bool DropCapabilities { get; set; } = true;

    /// <summary>No process in the container gains privileges (setuid binaries, file capabilities).</summary>
    public bool NoNewPrivileges { get; set; } = true;

    /// <summary>The most processes and threads one container may have (a fork bomb stops here); 0 turns the limit off.</summary>
    public int PidsLimit { get; set; } = 512;

    /// <summary>Apply the app's <c>resources.limits</c> (default 500m CPU, 512Mi memory) as the container's CPU and memory limits.</summary>
    public bool ResourceLimits { get; set; } = true;

    /// <summary>Mount the root filesystem read-only (with a writable tmpfs <c>/tmp</c>) when the app sets <c>readOnlyRootFilesystem: true</c>.</summary>
    public bool ReadOnlyRootWhenAsked { get; set; } = true;

    /// <summary>Run an image whose user is root (or unset) as <see cref="NonRootUser"/>, unless the app sets <c>runAsRoot: true</c>.</summary>
    public bool RemapRoot { get; set; } = true;

    /// <summary>The <c>uid:gid</c> an image that wants root runs as (nobody:nogroup).</summary>
    public string NonRootUser { get; set; } = "65534:65534";

    /// <summary>Size of the writable <c>/tmp</c> of a read-only container.</summary>
    public string TmpSize { get; set; } = "64m";

    /// <summary>
    /// The bridge network app containers join, created with inter-container communication off, so no app reaches
    /// another app's container; "" keeps Docker's default bridge, where they can.
    /// </summary>
    public string Network { get; set; } = "launcher-apps";

    /// <summary>The host refuses connections from the app network (host services bound on 0.0.0.0 answer on its gateway otherwise); needs root and iptables.</summary>
    public bool BlockHostServices { get; set; } = true;
}
