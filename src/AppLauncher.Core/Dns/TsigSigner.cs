using System.Buffers.Binary;
using System.Security.Cryptography;

namespace AppLauncher.Core.Dns;

/// <summary>
/// TSIG (RFC 8945): signs an encoded message by appending a TSIG record, and verifies one. The MAC covers the
/// request MAC (responses only), the message as it was before the TSIG record was added, and the TSIG variables.
/// </summary>
public static class TsigSigner
{
    /// <summary>The default allowed clock difference, in seconds (RFC 8945 §10 recommends 300).</summary>
    public const ushort DefaultFudge = 300;

    /// <summary>Appends a TSIG record to <paramref name="message"/>; returns the signed message and its MAC (to verify the response with).</summary>
    public static (byte[] Signed, byte[] Mac) Sign(byte[] message, TsigKey key, DateTimeOffset now, byte[]? requestMac = null, ushort fudge = DefaultFudge)
    {
        if (message.Length < 12)
        {
            throw new DnsFormatException($"message is {message.Length} octets; the header alone is 12");
        }

        var time = (ulong)now.ToUnixTimeSeconds();
        var id = BinaryPrimitives.ReadUInt16BigEndian(message);
        var mac = ComputeMac(key, requestMac, message, time, fudge, DnsResponseCode.NoError, []);
        var record = new DnsRecord(key.Name, DnsType.TSIG, DnsClass.ANY, 0, new TsigRecordData(key.Algorithm, time, fudge, mac, id, DnsResponseCode.NoError, []));
        var tsig = new DnsMessage { Additional = [record] };
        var encoded = DnsMessageCodec.Encode(tsig, out var at);

        var signed = new byte[message.Length + encoded.Length - at];
        message.CopyTo(signed, 0);
        encoded.AsSpan(at).CopyTo(signed.AsSpan(message.Length));
        var arcount = BinaryPrimitives.ReadUInt16BigEndian(signed.AsSpan(10));
        BinaryPrimitives.WriteUInt16BigEndian(signed.AsSpan(10), (ushort)(arcount + 1));
        return (signed, mac);
    }

    /// <summary>
    /// Checks the TSIG record that ends <paramref name="signed"/> against <paramref name="key"/>; pass the request's MAC
    /// when checking a response. A TSIG error the other side reported (BADSIG, BADKEY…) is returned as such.
    /// </summary>
    public static TsigVerification Verify(byte[] signed, TsigKey key, DateTimeOffset now, byte[]? requestMac = null)
    {
        var message = DnsMessageCodec.Decode(signed, out var at);
        if (message.Tsig is not { Data: TsigRecordData tsig } record)
        {
            return new(DnsResponseCode.FormErr, "the message is not signed: it carries no TSIG record");
        }

        if (tsig.Error != DnsResponseCode.NoError)
        {
            return new(tsig.Error, $"the server rejected the signature with TSIG error {tsig.Error}");
        }

        if (!DnsName.AreEqual(record.Name, key.Name))
        {
            return new(DnsResponseCode.BadKey, $"signed with key '{record.Name}', expected '{key.Name}'");
        }

        if (!DnsName.AreEqual(tsig.Algorithm, key.Algorithm))
        {
            return new(DnsResponseCode.BadKey, $"signed with algorithm '{tsig.Algorithm}', expected '{key.Algorithm}'");
        }

        var unsigned = signed.AsSpan(0, at).ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(unsigned, tsig.OriginalId);
        var arcount = BinaryPrimitives.ReadUInt16BigEndian(unsigned.AsSpan(10));
        BinaryPrimitives.WriteUInt16BigEndian(unsigned.AsSpan(10), (ushort)(arcount - 1));
        var expected = ComputeMac(key, requestMac, unsigned, tsig.TimeSigned, tsig.Fudge, tsig.Error, tsig.OtherData);
        if (!CryptographicOperations.FixedTimeEquals(expected, tsig.Mac))
        {
            return new(DnsResponseCode.BadSig, "the MAC does not match: the message was changed or signed with another secret");
        }

        var skew = Math.Abs(now.ToUnixTimeSeconds() - (long)tsig.TimeSigned);
        return skew > tsig.Fudge
            ? new(DnsResponseCode.BadTime, $"signed {skew} s away from this machine's clock; at most {tsig.Fudge} s is allowed")
            : TsigVerification.Valid;
    }

    /// <summary>The HMAC over [request MAC] + message + TSIG variables (RFC 8945 §4.3).</summary>
    public static byte[] ComputeMac(TsigKey key, byte[]? requestMac, ReadOnlySpan<byte> message, ulong timeSigned, ushort fudge, DnsResponseCode error, byte[] otherData)
    {
        var writer = new DnsWriter();
        if (requestMac is not null)
        {
            writer.WriteUInt16((ushort)requestMac.Length);
            writer.WriteBytes(requestMac);
        }

        writer.WriteBytes(message);
        writer.WriteName(DnsName.Normalize(key.Name), compress: false);
        writer.WriteUInt16((ushort)DnsClass.ANY);
        writer.WriteUInt32(0);
        writer.WriteName(DnsName.Normalize(key.Algorithm), compress: false);
        writer.WriteUInt48(timeSigned);
        writer.WriteUInt16(fudge);
        writer.WriteUInt16((ushort)error);
        writer.WriteUInt16((ushort)otherData.Length);
        writer.WriteBytes(otherData);
        var data = writer.ToArray();
        return DnsName.Normalize(key.Algorithm) switch
        {
            "hmac-sha256" => HMACSHA256.HashData(key.Secret, data),
            "hmac-sha384" => HMACSHA384.HashData(key.Secret, data),
            "hmac-sha512" => HMACSHA512.HashData(key.Secret, data),
            "hmac-sha1" => HMACSHA1.HashData(key.Secret, data),
            var other => throw new DnsFormatException($"TSIG algorithm '{other}' is not supported; use hmac-sha256 (or hmac-sha384, hmac-sha512, hmac-sha1)"),
        };
    }
}
