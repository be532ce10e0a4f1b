namespace AppLauncher.Core.Dns;

/// <summary>The header's OPCODE.</summary>
public enum DnsOpcode : byte
{
    Query = 0,
    Status = 2,
    Notify = 4,
    Update = 5,
}
