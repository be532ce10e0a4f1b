namespace AppLauncher.Core.Dns;

/// <summary>The RDATA of a record; one subclass per understood type, <see cref="OpaqueRecordData"/> for the rest.</summary>
public abstract record DnsRecordData;
