using System.Net;

namespace AppLauncher.Core.Dns;

/// <summary>A (IPv4) or AAAA (IPv6) RDATA.</summary>
public sealed record AddressRecordData(IPAddress Address) : DnsRecordData;
