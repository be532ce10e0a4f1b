namespace AppLauncher.Core.Dns;

/// <summary>One entry of the question section (the zone section of an UPDATE).</summary>
public sealed record DnsQuestion(string Name, DnsType Type, DnsClass Class = DnsClass.IN);
