namespace AppLauncher.Core.Dns;

/// <summary>TXT RDATA: one or more character-strings of at most 255 octets each, read and written as UTF-8.</summary>
public sealed record TxtRecordData(IReadOnlyList<string> Strings) : DnsRecordData
{
    public TxtRecordData(string text)
        : this([text])
    {
    }
}
