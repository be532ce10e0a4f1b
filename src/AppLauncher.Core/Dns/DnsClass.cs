namespace AppLauncher.Core.Dns;

/// <summary>Record classes; NONE and ANY carry meaning in UPDATE messages (RFC 2136 §2.4–2.5).</summary>
public enum DnsClass : ushort
{
    IN = 1,
    CH = 3,
    NONE = 254,
    ANY = 255,
}
