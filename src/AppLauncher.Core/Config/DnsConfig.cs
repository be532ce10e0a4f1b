namespace AppLauncher.Core.Config;

/// <summary>The <c>dns:</c> section of <c>launcher.yaml</c>.</summary>
public sealed class DnsConfig
{
    /// <summary>Runs the embedded authoritative DNS server for the apps' zone (the platform's domain). Off by default; LAUNCHER_DNS_PORT turns it on.</summary>
    public bool Enabled { get; set; }

    /// <summary>The address the DNS server listens on (UDP and TCP).</summary>
    public string Listen { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 5353;

    /// <summary>TTL of the answers, in seconds.</summary>
    public int Ttl { get; set; } = 60;

    /// <summary>The address app names resolve to (A): the proxy's. Empty: no A records.</summary>
    public string Ipv4 { get; set; } = "127.0.0.1";

    /// <summary>The address app names resolve to (AAAA): the proxy's. Empty: no AAAA records.</summary>
    public string Ipv6 { get; set; } = "::1";

    /// <summary>The DNS server (<c>host:port</c>) custom domains are verified against. Empty: the first nameserver of /etc/resolv.conf.</summary>
    public string Resolver { get; set; } = "";

    /// <summary>Registration of every app's records in an external DNS server (RFC 2136 + TSIG); absent: off.</summary>
    public DnsRegisterConfig? Register { get; set; }
}
