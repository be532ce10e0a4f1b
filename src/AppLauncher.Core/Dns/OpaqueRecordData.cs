namespace AppLauncher.Core.Dns;

/// <summary>RDATA kept as bytes: types the codec does not interpret (OPT options, MX…) and empty RDATA (UPDATE deletes).</summary>
public sealed record OpaqueRecordData(byte[] Bytes) : DnsRecordData
{
    public static OpaqueRecordData Empty { get; } = new([]);
}
