namespace AppLauncher.Build;

/// <summary>The host firewall rule for builds could not be put in place.</summary>
internal sealed class HostFirewallException(string reason) : Exception(reason);
