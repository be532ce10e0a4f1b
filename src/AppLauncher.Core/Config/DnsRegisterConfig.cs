namespace AppLauncher.Core.Config;

/// <summary>An external DNS server that takes RFC 2136 updates signed with a TSIG key (<c>dns.register:</c>).</summary>
public sealed class DnsRegisterConfig
{
    /// <summary>The primary server's address (an IP address).</summary>
    public string Server { get; set; } = "";

    public int Port { get; set; } = 53;

    /// <summary>The zone the records go in: an app is registered as the domain template with this zone as {domain}.</summary>
    public string Zone { get; set; } = "";

    public string KeyName { get; set; } = "";

    /// <summary>The key's secret, base64, as <c>tsig-keygen</c> prints it.</summary>
    public string KeySecret { get; set; } = "";

    public string Algorithm { get; set; } = "hmac-sha256";

    /// <summary>TTL of the registered records, in seconds.</summary>
    public int Ttl { get; set; } = 60;

    /// <summary>How long to wait for the server's answer to one update.</summary>
    public int TimeoutSeconds { get; set; } = 5;
}
