namespace AppLauncher.Core.Dns;

/// <summary>SOA RDATA (RFC 1035 §3.3.13).</summary>
public sealed record SoaRecordData(string PrimaryNameServer, string ResponsibleMailbox, uint Serial, uint Refresh, uint Retry, uint Expire, uint Minimum) : DnsRecordData;
