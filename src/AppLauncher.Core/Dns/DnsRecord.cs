namespace AppLauncher.Core.Dns;

/// <summary>A resource record. <see cref="Class"/> is a plain number for OPT (the UDP payload size), so it is kept as ushort.</summary>
public sealed record DnsRecord(string Name, DnsType Type, ushort Class, uint Ttl, DnsRecordData Data)
{
    public DnsRecord(string name, DnsType type, DnsClass @class, uint ttl, DnsRecordData data)
        : this(name, type, (ushort)@class, ttl, data)
    {
    }
}
