namespace AppLauncher.Core.Tls;

/// <summary>
/// What a TLS ClientHello (RFC 8446 §4.1.2) says about where it goes: the server name (SNI, RFC 6066) and the offered
/// application protocols (ALPN, RFC 7301). Read from the first record only, with every length checked against what
/// is there: a hello that is malformed, truncated or spread over several records reads as <see cref="Parse"/> says,
/// never as an exception or a large allocation.
/// </summary>
public sealed record ClientHello(string? ServerName, IReadOnlyList<string> Protocols)
{
    /// <summary>The most a first record holds (5-byte header, 2^14 bytes of plaintext): enough to wait for, never more.</summary>
    public const int MaxRecordBytes = 5 + 16384;

    /// <summary>The most protocols kept from one hello (the rest are ignored).</summary>
    public const int MaxProtocols = 32;

    /// <summary>Reads the hello at the start of <paramref name="data"/>.</summary>
    public static ClientHelloResult Parse(ReadOnlySpan<byte> data, out ClientHello? hello)
    {
        hello = null;
        if (data.Length < 5)
        {
            return data.Length > 0 && data[0] != 0x16 ? ClientHelloResult.NotClientHello : ClientHelloResult.NeedMore;
        }

        // TLSPlaintext: type handshake (22), legacy version 3.x, length.
        var recordLength = (data[3] << 8) | data[4];
        if (data[0] != 0x16 || data[1] != 3 || recordLength is 0 or > MaxRecordBytes - 5)
        {
            return ClientHelloResult.NotClientHello;
        }

        if (data.Length < 5 + recordLength)
        {
            return ClientHelloResult.NeedMore;
        }

        var reader = new Reader(data.Slice(5, recordLength));
        if (!reader.Byte(out var type) || type != 1 || !reader.Length(3, out var helloLength))
        {
            return ClientHelloResult.NotClientHello;
        }

        // A hello longer than its record continues in the next one: read what the first holds (SNI and ALPN come early).
        var body = new Reader(reader.Rest[..Math.Min(helloLength, reader.Rest.Length)]);
        if (!body.Skip(2 + 32) || !body.Vector(1, out _) || !body.Vector(2, out _) || !body.Vector(1, out _))
        {
            return ClientHelloResult.Malformed;
        }

        string? serverName = null;
        var protocols = new List<string>();
        if (body.Rest.Length == 0)
        {
            hello = new ClientHello(null, protocols);
            return ClientHelloResult.Complete;
        }

        if (!body.Vector(2, out var extensionBytes))
        {
            return ClientHelloResult.Malformed;
        }

        var extensions = new Reader(extensionBytes);
        while (extensions.Rest.Length > 0)
        {
            if (!extensions.Length(2, out var extensionType) || !extensions.Vector(2, out var extension))
            {
                return ClientHelloResult.Malformed;
            }

            if (extensionType == 0 && serverName is null && !ReadServerName(extension, out serverName))
            {
                return ClientHelloResult.Malformed;
            }

            if (extensionType == 16 && protocols.Count == 0 && !ReadProtocols(extension, protocols))
            {
                return ClientHelloResult.Malformed;
            }
        }

        hello = new ClientHello(serverName, protocols);
        return ClientHelloResult.Complete;
    }

    private static bool ReadServerName(ReadOnlySpan<byte> extension, out string? serverName)
    {
        serverName = null;
        var reader = new Reader(extension);
        if (!reader.Vector(2, out var list))
        {
            return false;
        }

        var names = new Reader(list);
        while (names.Rest.Length > 0)
        {
            if (!names.Byte(out var nameType) || !names.Vector(2, out var name))
            {
                return false;
            }

            // host_name (0), ASCII per RFC 6066; the first one counts.
            if (nameType == 0 && serverName is null)
            {
                if (name.Length is 0 or > 255 || name.ContainsAnyExceptInRange((byte)0x21, (byte)0x7E))
                {
                    return false;
                }

                serverName = System.Text.Encoding.ASCII.GetString(name);
            }
        }

        return true;
    }

    private static bool ReadProtocols(ReadOnlySpan<byte> extension, List<string> protocols)
    {
        var reader = new Reader(extension);
        if (!reader.Vector(2, out var list))
        {
            return false;
        }

        var entries = new Reader(list);
        while (entries.Rest.Length > 0)
        {
            if (!entries.Vector(1, out var protocol) || protocol.Length == 0)
            {
                return false;
            }

            if (protocols.Count < MaxProtocols)
            {
                protocols.Add(System.Text.Encoding.Latin1.GetString(protocol));
            }
        }

        return true;
    }

    /// <summary>A cursor over bytes whose every read checks the length first.</summary>
    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        public ReadOnlySpan<byte> Rest { get; private set; } = data;

        public bool Byte(out byte value)
        {
            value = 0;
            if (Rest.Length < 1)
            {
                return false;
            }

            value = Rest[0];
            Rest = Rest[1..];
            return true;
        }

        public bool Length(int size, out int value)
        {
            value = 0;
            if (Rest.Length < size)
            {
                return false;
            }

            for (var i = 0; i < size; i++)
            {
                value = (value << 8) | Rest[i];
            }

            Rest = Rest[size..];
            return true;
        }

        public bool Skip(int count)
        {
            if (Rest.Length < count)
            {
                return false;
            }

            Rest = Rest[count..];
            return true;
        }

        /// <summary>A vector with a length prefix of <paramref name="size"/> bytes.</summary>
        public bool Vector(int size, out ReadOnlySpan<byte> value)
        {
            value = default;
            if (!Length(size, out var length) || Rest.Length < length)
            {
                return false;
            }

            value = Rest[..length];
            Rest = Rest[length..];
            return true;
        }
    }
}
