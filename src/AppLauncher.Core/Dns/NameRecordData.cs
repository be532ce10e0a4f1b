namespace AppLauncher.Core.Dns;

/// <summary>RDATA that is one domain name: NS, CNAME, PTR.</summary>
public sealed record NameRecordData(string Target) : DnsRecordData;
