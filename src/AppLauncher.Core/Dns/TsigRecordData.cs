namespace AppLauncher.Core.Dns;

/// <summary>TSIG RDATA (RFC 8945 §4.2). <see cref="TimeSigned"/> is seconds since the epoch (48 bits).</summary>
public sealed record TsigRecordData(string Algorithm, ulong TimeSigned, ushort Fudge, byte[] Mac, ushort OriginalId, DnsResponseCode Error, byte[] OtherData) : DnsRecordData;
