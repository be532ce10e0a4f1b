using System.Net;
using System.Text;

namespace AppLauncher.Core.Dns;

/// <summary>Encodes and decodes DNS messages (RFC 1035 §4), with name compression both ways. Pure: bytes in, bytes out.</summary>
public static class DnsMessageCodec
{
    private const int HeaderLength = 12;

    // The smallest question is 5 octets (root name, type, class), the smallest record 11: counts above what the
    // remaining bytes could hold are rejected before anything is allocated for them.
    private const int MinQuestionLength = 5;
    private const int MinRecordLength = 11;

    public static byte[] Encode(DnsMessage message) => Encode(message, out _);

    /// <summary>Encodes <paramref name="message"/>; <paramref name="lastRecordOffset"/> is where its last record starts (-1 when none).</summary>
    public static byte[] Encode(DnsMessage message, out int lastRecordOffset)
    {
        var writer = new DnsWriter();
        writer.WriteUInt16(message.Id);
        writer.WriteUInt16(Flags(message));
        writer.WriteUInt16(Count(message.Questions.Count, "questions"));
        writer.WriteUInt16(Count(message.Answers.Count, "answers"));
        writer.WriteUInt16(Count(message.Authority.Count, "authority records"));
        writer.WriteUInt16(Count(message.Additional.Count, "additional records"));
        foreach (var question in message.Questions)
        {
            writer.WriteName(question.Name, compress: true);
            writer.WriteUInt16((ushort)question.Type);
            writer.WriteUInt16((ushort)question.Class);
        }

        lastRecordOffset = -1;
        foreach (var record in message.Answers.Concat(message.Authority).Concat(message.Additional))
        {
            lastRecordOffset = writer.Length;
            WriteRecord(writer, record);
        }

        return writer.ToArray();
    }

    /// <summary>Decodes a whole message; anything malformed is a <see cref="DnsFormatException"/>.</summary>
    public static DnsMessage Decode(ReadOnlySpan<byte> bytes) => Decode(bytes, out _);

    /// <summary>Decodes a message; <paramref name="lastRecordOffset"/> is where its last record starts (-1 when none), which TSIG needs.</summary>
    public static DnsMessage Decode(ReadOnlySpan<byte> bytes, out int lastRecordOffset)
    {
        if (bytes.Length < HeaderLength)
        {
            throw new DnsFormatException($"message is {bytes.Length} octets; the header alone is {HeaderLength}");
        }

        var reader = new DnsReader(bytes);
        var id = reader.ReadUInt16();
        var flags = reader.ReadUInt16();
        int qd = reader.ReadUInt16(), an = reader.ReadUInt16(), ns = reader.ReadUInt16(), ar = reader.ReadUInt16();
        if ((long)qd * MinQuestionLength + (long)(an + ns + ar) * MinRecordLength > reader.Remaining)
        {
            throw new DnsFormatException($"header counts {qd} questions and {an + ns + ar} records, more than the {reader.Remaining} remaining octets can hold");
        }

        var questions = new List<DnsQuestion>(qd);
        for (var i = 0; i < qd; i++)
        {
            var name = reader.ReadName();
            questions.Add(new DnsQuestion(name, (DnsType)reader.ReadUInt16(), (DnsClass)reader.ReadUInt16()));
        }

        lastRecordOffset = -1;
        var sections = new List<DnsRecord>[3];
        int[] counts = [an, ns, ar];
        for (var s = 0; s < 3; s++)
        {
            sections[s] = new List<DnsRecord>(counts[s]);
            for (var i = 0; i < counts[s]; i++)
            {
                lastRecordOffset = reader.Position;
                sections[s].Add(ReadRecord(ref reader));
            }
        }

        return new DnsMessage
        {
            Id = id,
            IsResponse = (flags & 0x8000) != 0,
            Opcode = (DnsOpcode)((flags >> 11) & 0xF),
            AuthoritativeAnswer = (flags & 0x0400) != 0,
            Truncated = (flags & 0x0200) != 0,
            RecursionDesired = (flags & 0x0100) != 0,
            RecursionAvailable = (flags & 0x0080) != 0,
            AuthenticData = (flags & 0x0020) != 0,
            CheckingDisabled = (flags & 0x0010) != 0,
            ResponseCode = (DnsResponseCode)(flags & 0xF),
            Questions = questions,
            Answers = sections[0],
            Authority = sections[1],
            Additional = sections[2],
        };
    }

    private static ushort Count(int count, string what) =>
        count <= ushort.MaxValue ? (ushort)count : throw new DnsFormatException($"{count} {what} do not fit in a 16-bit count");

    private static ushort Flags(DnsMessage m)
    {
        if ((ushort)m.ResponseCode > 0xF)
        {
            throw new DnsFormatException($"RCODE {m.ResponseCode} ({(ushort)m.ResponseCode}) does not fit in the header's 4 bits; it belongs in a TSIG or OPT record");
        }

        return (ushort)((m.IsResponse ? 0x8000 : 0) | (((int)m.Opcode & 0xF) << 11) | (m.AuthoritativeAnswer ? 0x0400 : 0)
            | (m.Truncated ? 0x0200 : 0) | (m.RecursionDesired ? 0x0100 : 0) | (m.RecursionAvailable ? 0x0080 : 0)
            | (m.AuthenticData ? 0x0020 : 0) | (m.CheckingDisabled ? 0x0010 : 0) | ((int)m.ResponseCode & 0xF));
    }

    private static void WriteRecord(DnsWriter writer, DnsRecord record)
    {
        writer.WriteName(record.Name, compress: true);
        writer.WriteUInt16((ushort)record.Type);
        writer.WriteUInt16(record.Class);
        writer.WriteUInt32(record.Ttl);
        var lengthAt = writer.Length;
        writer.WriteUInt16(0);
        var start = writer.Length;
        WriteData(writer, record);
        var length = writer.Length - start;
        if (length > ushort.MaxValue)
        {
            throw new DnsFormatException($"record {record.Name} {record.Type}: RDATA of {length} octets is over 65535");
        }

        writer.PatchUInt16(lengthAt, (ushort)length);
    }

    private static void WriteData(DnsWriter writer, DnsRecord record)
    {
        switch (record.Data)
        {
            case AddressRecordData { Address: var address }:
                var bytes = address.GetAddressBytes();
                var expected = record.Type == DnsType.AAAA ? 16 : 4;
                if (bytes.Length != expected)
                {
                    throw new DnsFormatException($"record {record.Name} {record.Type}: {address} is not an IPv{(expected == 4 ? 4 : 6)} address");
                }

                writer.WriteBytes(bytes);
                break;
            case NameRecordData { Target: var target }:
                writer.WriteName(target, compress: true); // NS, CNAME and PTR may be compressed (RFC 3597 §4)
                break;
            case SoaRecordData soa:
                writer.WriteName(soa.PrimaryNameServer, compress: true);
                writer.WriteName(soa.ResponsibleMailbox, compress: true);
                writer.WriteUInt32(soa.Serial);
                writer.WriteUInt32(soa.Refresh);
                writer.WriteUInt32(soa.Retry);
                writer.WriteUInt32(soa.Expire);
                writer.WriteUInt32(soa.Minimum);
                break;
            case TxtRecordData { Strings: var strings }:
                foreach (var text in strings)
                {
                    var utf8 = Encoding.UTF8.GetBytes(text);
                    if (utf8.Length > 255)
                    {
                        throw new DnsFormatException($"record {record.Name} TXT: a string of {utf8.Length} octets; each holds at most 255 (split it)");
                    }

                    writer.WriteByte((byte)utf8.Length);
                    writer.WriteBytes(utf8);
                }

                break;
            case TsigRecordData tsig:
                writer.WriteName(tsig.Algorithm, compress: false); // RFC 8945 §4.2: never compressed
                writer.WriteUInt48(tsig.TimeSigned);
                writer.WriteUInt16(tsig.Fudge);
                writer.WriteUInt16((ushort)tsig.Mac.Length);
                writer.WriteBytes(tsig.Mac);
                writer.WriteUInt16(tsig.OriginalId);
                writer.WriteUInt16((ushort)tsig.Error);
                writer.WriteUInt16((ushort)tsig.OtherData.Length);
                writer.WriteBytes(tsig.OtherData);
                break;
            case OpaqueRecordData { Bytes: var opaque }:
                writer.WriteBytes(opaque);
                break;
            default:
                throw new DnsFormatException($"record {record.Name} {record.Type}: cannot encode {record.Data.GetType().Name}");
        }
    }

    private static DnsRecord ReadRecord(ref DnsReader reader)
    {
        var name = reader.ReadName();
        var type = (DnsType)reader.ReadUInt16();
        var @class = reader.ReadUInt16();
        var ttl = reader.ReadUInt32();
        var length = reader.ReadUInt16();
        if (length > reader.Remaining)
        {
            throw new DnsFormatException($"record {name} {type}: RDLENGTH {length} is more than the {reader.Remaining} octets left");
        }

        var end = reader.Position + length;
        var data = length == 0 ? OpaqueRecordData.Empty : ReadData(ref reader, name, type, length);
        if (reader.Position != end)
        {
            throw new DnsFormatException($"record {name} {type}: RDATA is {length} octets but its fields take {reader.Position - end + length}");
        }

        return new DnsRecord(name, type, @class, ttl, data);
    }

    private static DnsRecordData ReadData(ref DnsReader reader, string name, DnsType type, int length)
    {
        switch (type)
        {
            case DnsType.A or DnsType.AAAA:
                var size = type == DnsType.A ? 4 : 16;
                if (length != size)
                {
                    throw new DnsFormatException($"record {name} {type}: RDATA is {length} octets; an address is {size}");
                }

                return new AddressRecordData(new IPAddress(reader.ReadBytes(size, "an address")));
            case DnsType.NS or DnsType.CNAME or DnsType.PTR:
                return new NameRecordData(reader.ReadName());
            case DnsType.SOA:
                return new SoaRecordData(reader.ReadName(), reader.ReadName(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32());
            case DnsType.TXT:
                var strings = new List<string>();
                var end = reader.Position + length;
                while (reader.Position < end)
                {
                    var count = reader.ReadByte();
                    if (reader.Position + count > end)
                    {
                        throw new DnsFormatException($"record {name} TXT: a string of {count} octets runs past the RDATA");
                    }

                    strings.Add(Encoding.UTF8.GetString(reader.ReadBytes(count, "a TXT string")));
                }

                return new TxtRecordData(strings);
            case DnsType.TSIG:
                var algorithm = reader.ReadName();
                var time = reader.ReadUInt48();
                var fudge = reader.ReadUInt16();
                var mac = reader.ReadBytes(reader.ReadUInt16(), "a TSIG MAC").ToArray();
                var originalId = reader.ReadUInt16();
                var error = (DnsResponseCode)reader.ReadUInt16();
                var other = reader.ReadBytes(reader.ReadUInt16(), "TSIG other data").ToArray();
                return new TsigRecordData(algorithm, time, fudge, mac, originalId, error, other);
            default:
                return new OpaqueRecordData(reader.ReadBytes(length, "RDATA").ToArray());
        }
    }
}
