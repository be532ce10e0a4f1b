namespace AppLauncher.AcmeProtocol;

/// <summary>What a certificate is for (RFC 8555 §7.1.4): here always <c>dns</c> and a host name or <c>*.domain</c>.</summary>
public sealed record AcmeIdentifier(string Type, string Value)
{
    public static AcmeIdentifier Dns(string name) => new("dns", name);
}
