using System.Buffers.Binary;

namespace AppLauncher.Core.Dns;

/// <summary>Appends DNS wire data to a growing buffer, compressing names against the ones already written.</summary>
internal sealed class DnsWriter
{
    private readonly Dictionary<string, int> _suffixes = new(StringComparer.Ordinal);
    private byte[] _buffer = new byte[512];

    public int Length { get; private set; }

    public byte[] ToArray() => _buffer.AsSpan(0, Length).ToArray();

    public void WriteByte(byte value) => Reserve(1)[0] = value;

    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Reserve(2), value);

    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Reserve(4), value);

    public void WriteUInt48(ulong value)
    {
        WriteUInt16((ushort)(value >> 32));
        WriteUInt32((uint)value);
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    /// <summary>Overwrites a 16-bit value written earlier (RDLENGTH once the RDATA is known).</summary>
    public void PatchUInt16(int offset, ushort value) => BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(offset, 2), value);

    /// <summary>Writes a name; with <paramref name="compress"/>, its longest suffix already written becomes a pointer (RFC 1035 §4.1.4).</summary>
    public void WriteName(string name, bool compress)
    {
        var labels = DnsName.ToLabels(name);
        for (var i = 0; i < labels.Count; i++)
        {
            var suffix = SuffixKey(labels, i);
            if (compress && _suffixes.TryGetValue(suffix, out var offset))
            {
                WriteUInt16((ushort)(0xC000 | offset));
                return;
            }

            // Pointers hold 14 bits: names past 16 KiB are written out but not pointed to.
            if (Length < 0x4000)
            {
                _suffixes.TryAdd(suffix, Length);
            }

            WriteByte((byte)labels[i].Length);
            WriteBytes(labels[i]);
        }

        WriteByte(0);
    }

    private static string SuffixKey(List<byte[]> labels, int from) =>
        string.Join('.', labels.Skip(from).Select(l => DnsName.FormatLabel(l).ToLowerInvariant()));

    private Span<byte> Reserve(int count)
    {
        if (Length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + count));
        }

        var span = _buffer.AsSpan(Length, count);
        Length += count;
        return span;
    }
}
