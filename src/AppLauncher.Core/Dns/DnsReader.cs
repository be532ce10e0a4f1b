using System.Buffers.Binary;

namespace AppLauncher.Core.Dns;

/// <summary>Reads DNS wire data with every access bounds-checked: a short or malformed message is a <see cref="DnsFormatException"/>.</summary>
internal ref struct DnsReader(ReadOnlySpan<byte> message)
{
    private readonly ReadOnlySpan<byte> _message = message;

    public int Position { get; set; }

    public readonly int Remaining => _message.Length - Position;

    public byte ReadByte() => Take(1, "an octet")[0];

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2, "a 16-bit field"));

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4, "a 32-bit field"));

    public ulong ReadUInt48() => ((ulong)ReadUInt16() << 32) | ReadUInt32();

    public ReadOnlySpan<byte> ReadBytes(int count, string what) => Take(count, what);

    /// <summary>
    /// Reads a possibly compressed name. Each pointer must point before the start of the run of labels it ends (so
    /// every jump goes further back), which rules out loops and forward references; the name must fit in 255 octets.
    /// </summary>
    public string ReadName()
    {
        var start = Position;
        var labels = new List<string>();
        var position = Position;
        var wire = 1;
        var jumped = false;
        var segmentStart = Position;
        while (true)
        {
            if (position >= _message.Length)
            {
                throw new DnsFormatException($"name at offset {start} runs past the end of the message ({_message.Length} octets)");
            }

            var length = _message[position];
            if ((length & 0xC0) == 0xC0)
            {
                if (position + 1 >= _message.Length)
                {
                    throw new DnsFormatException($"name at offset {start}: compression pointer at offset {position} is cut off");
                }

                var target = ((length & 0x3F) << 8) | _message[position + 1];
                if (target >= segmentStart)
                {
                    throw new DnsFormatException($"name at offset {start}: compression pointer at offset {position} points to offset {target}, not back before the labels it ends (a loop or a forward pointer)");
                }

                if (!jumped)
                {
                    Position = position + 2;
                    jumped = true;
                }

                position = target;
                segmentStart = target;
                continue;
            }

            if ((length & 0xC0) != 0)
            {
                throw new DnsFormatException($"name at offset {start}: label type 0x{length & 0xC0:x2} at offset {position} is not supported (labels are at most 63 octets)");
            }

            if (length == 0)
            {
                if (!jumped)
                {
                    Position = position + 1;
                }

                return string.Join('.', labels);
            }

            wire += length + 1;
            if (wire > DnsName.MaxWireLength)
            {
                throw new DnsFormatException($"name at offset {start} is longer than {DnsName.MaxWireLength} octets");
            }

            if (position + 1 + length > _message.Length)
            {
                throw new DnsFormatException($"name at offset {start}: label at offset {position} ({length} octets) runs past the end of the message");
            }

            labels.Add(DnsName.FormatLabel(_message.Slice(position + 1, length)));
            position += 1 + length;
        }
    }

    private ReadOnlySpan<byte> Take(int count, string what)
    {
        if (count < 0 || Position + count > _message.Length)
        {
            throw new DnsFormatException($"message ends at offset {_message.Length} where {what} of {count} octets was expected at offset {Position} (truncated packet, or a count larger than the data)");
        }

        var span = _message.Slice(Position, count);
        Position += count;
        return span;
    }
}
