namespace AppLauncher.Domains;

/// <summary>An RFC 2136 update the DNS server did not apply; the message names the server, the zone, what it said and what to fix.</summary>
public sealed class DnsUpdateException(string message) : Exception(message);
