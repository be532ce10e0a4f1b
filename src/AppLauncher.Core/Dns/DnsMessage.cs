namespace AppLauncher.Core.Dns;

/// <summary>
/// A DNS message: header flags and four sections. In an UPDATE (RFC 2136) the sections are the zone, prerequisite,
/// update and additional sections; <see cref="Zone"/>, <see cref="Prerequisites"/> and <see cref="Updates"/> name them.
/// </summary>
public sealed record DnsMessage
{
    /// <summary>The largest message plain DNS over UDP carries (RFC 1035 §4.2.1).</summary>
    public const int UdpLimit = 512;

    public ushort Id { get; init; }

    public bool IsResponse { get; init; }

    public DnsOpcode Opcode { get; init; }

    public bool AuthoritativeAnswer { get; init; }

    public bool Truncated { get; init; }

    public bool RecursionDesired { get; init; }

    public bool RecursionAvailable { get; init; }

    public bool AuthenticData { get; init; }

    public bool CheckingDisabled { get; init; }

    /// <summary>The header's 4-bit RCODE (extended RCODEs from OPT are not merged in).</summary>
    public DnsResponseCode ResponseCode { get; init; }

    public IReadOnlyList<DnsQuestion> Questions { get; init; } = [];

    public IReadOnlyList<DnsRecord> Answers { get; init; } = [];

    public IReadOnlyList<DnsRecord> Authority { get; init; } = [];

    public IReadOnlyList<DnsRecord> Additional { get; init; } = [];

    /// <summary>UPDATE: the zone section (one SOA-typed entry naming the zone).</summary>
    public IReadOnlyList<DnsQuestion> Zone => Questions;

    /// <summary>UPDATE: the prerequisite section.</summary>
    public IReadOnlyList<DnsRecord> Prerequisites => Answers;

    /// <summary>UPDATE: the update section.</summary>
    public IReadOnlyList<DnsRecord> Updates => Authority;

    /// <summary>The EDNS0 OPT record of the additional section, if any.</summary>
    public DnsRecord? Opt => Additional.FirstOrDefault(r => r.Type == DnsType.OPT);

    /// <summary>The TSIG record, if the message is signed (it must be the last additional record).</summary>
    public DnsRecord? Tsig => Additional.Count > 0 && Additional[^1].Type == DnsType.TSIG ? Additional[^1] : null;

    /// <summary>
    /// The largest UDP response the sender accepts: the OPT record's payload size (RFC 6891 §6.2.5, never below 512),
    /// or 512 without EDNS.
    /// </summary>
    public int MaxUdpPayload => Opt is { } opt ? Math.Max(UdpLimit, (int)opt.Class) : UdpLimit;

    /// <summary>An OPT pseudo-record advertising <paramref name="udpPayloadSize"/>.</summary>
    public static DnsRecord MakeOpt(ushort udpPayloadSize) => new("", DnsType.OPT, udpPayloadSize, 0, OpaqueRecordData.Empty);
}
