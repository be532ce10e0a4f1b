namespace AppLauncher.Core.Dns;

/// <summary>Resource record types (RFC 1035 and later); any other value is carried as is.</summary>
public enum DnsType : ushort
{
    A = 1,
    NS = 2,
    CNAME = 5,
    SOA = 6,
    PTR = 12,
    MX = 15,
    TXT = 16,
    AAAA = 28,
    OPT = 41,
    TSIG = 250,
    AXFR = 252,
    ANY = 255,
}
