using System.Net;
using AppLauncher.Core.Dns;

namespace AppLauncher.Core.Tests.Dns;

public sealed class DnsMessageCodecTests
{
    [Fact]
    public void Decode_BindSoaResponse_ReadsHeaderSectionsAndCompressedNames()
    {
        var message = DnsMessageCodec.Decode(DnsVectors.Bytes(DnsVectors.BindSoaResponse));

        Assert.Equal(0x1234, message.Id);
        Assert.True(message.IsResponse);
        Assert.True(message.AuthoritativeAnswer);
        Assert.False(message.RecursionDesired);
        Assert.Equal(DnsResponseCode.NoError, message.ResponseCode);
        Assert.Equal(new DnsQuestion("apps.test", DnsType.SOA), Assert.Single(message.Questions));
        var soa = Assert.Single(message.Answers);
        Assert.Equal("apps.test", soa.Name);
        Assert.Equal(60u, soa.Ttl);
        Assert.Equal(new SoaRecordData("ns.apps.test", "hostmaster.apps.test", 1, 3600, 600, 86400, 60), soa.Data);
        var ns = Assert.Single(message.Authority);
        Assert.Equal(new NameRecordData("ns.apps.test"), ns.Data);
        var glue = Assert.Single(message.Additional);
        Assert.Equal("ns.apps.test", glue.Name);
        Assert.Equal(new AddressRecordData(IPAddress.Loopback), glue.Data);
    }

    [Theory]
    [InlineData(DnsVectors.BindSoaResponse)]
    [InlineData(DnsVectors.BindNxDomainResponse)]
    [InlineData(DnsVectors.DigQuery)]
    [InlineData(DnsVectors.NsupdateRequest)]
    [InlineData(DnsVectors.BindUpdateResponse)]
    public void Encode_DecodedRealMessage_GivesTheSameBytes(string hex)
    {
        var bytes = DnsVectors.Bytes(hex);

        var again = DnsMessageCodec.Encode(DnsMessageCodec.Decode(bytes));

        Assert.Equal(hex, Convert.ToHexStringLower(again));
    }

    [Fact]
    public void Decode_BindNxDomain_HasRcodeAndSoaInAuthority()
    {
        var message = DnsMessageCodec.Decode(DnsVectors.Bytes(DnsVectors.BindNxDomainResponse));

        Assert.Equal(DnsResponseCode.NXDomain, message.ResponseCode);
        Assert.Empty(message.Answers);
        Assert.Equal(DnsType.SOA, Assert.Single(message.Authority).Type);
        Assert.Equal("apps.test", message.Authority[0].Name);
    }

    [Fact]
    public void Decode_DigQuery_ReadsFlagsAndQuestion()
    {
        var message = DnsMessageCodec.Decode(DnsVectors.Bytes(DnsVectors.DigQuery));

        Assert.False(message.IsResponse);
        Assert.False(message.RecursionDesired);
        Assert.True(message.AuthenticData);
        Assert.Equal(DnsOpcode.Query, message.Opcode);
        Assert.Equal(new DnsQuestion("hello.localhost", DnsType.A), Assert.Single(message.Questions));
        Assert.Equal(DnsMessage.UdpLimit, message.MaxUdpPayload);
    }

    [Fact]
    public void Decode_NsupdateRequest_HasUpdateSectionsAndTsig()
    {
        var message = DnsMessageCodec.Decode(DnsVectors.Bytes(DnsVectors.NsupdateRequest));

        Assert.Equal(DnsOpcode.Update, message.Opcode);
        Assert.Equal(new DnsQuestion("apps.test", DnsType.SOA), Assert.Single(message.Zone));
        Assert.Empty(message.Prerequisites);
        var update = Assert.Single(message.Updates);
        Assert.Equal(("hello.apps.test", DnsType.A, (ushort)1, 60u), (update.Name, update.Type, update.Class, update.Ttl));
        var tsig = Assert.IsType<TsigRecordData>(message.Tsig!.Data);
        Assert.Equal("launcher-key", message.Tsig.Name);
        Assert.Equal("hmac-sha256", tsig.Algorithm);
        Assert.Equal(300, tsig.Fudge);
        Assert.Equal(32, tsig.Mac.Length);
        Assert.Equal(message.Id, tsig.OriginalId);
    }

    [Fact]
    public void Encode_RepeatedNames_ArePointersToTheFirstOccurrence()
    {
        var message = new DnsMessage
        {
            Id = 1,
            Questions = [new DnsQuestion("www.example.com", DnsType.A)],
            Answers =
            [
                new DnsRecord("www.example.com", DnsType.CNAME, DnsClass.IN, 60, new NameRecordData("web.example.com")),
                new DnsRecord("web.example.com", DnsType.A, DnsClass.IN, 60, new AddressRecordData(IPAddress.Parse("127.0.0.7"))),
            ],
        };

        var bytes = DnsMessageCodec.Encode(message);

        // 12: www.example.com (17 octets) + type/class; the answer's owner is a pointer to 12 (0xC00C);
        // the CNAME target "web" + pointer to "example.com" at 16 (0xC010); the A owner points at "web…" (offset 45).
        var hex = Convert.ToHexStringLower(bytes);
        Assert.Equal(
            "000100000001000200000000" + "03777777076578616d706c6503636f6d00" + "00010001"
            + "c00c" + "0005" + "0001" + "0000003c" + "0006" + "03776562c010"
            + "c02d" + "0001" + "0001" + "0000003c" + "0004" + "7f000007",
            hex);
        Assert.Equal(message.Answers[1].Name, DnsMessageCodec.Decode(bytes).Answers[1].Name);
    }

    [Fact]
    public void Encode_NamesDifferingOnlyInCase_ShareOnePointer()
    {
        var message = new DnsMessage
        {
            Questions = [new DnsQuestion("Hello.Apps.Test", DnsType.A)],
            Answers = [new DnsRecord("hello.apps.test", DnsType.A, DnsClass.IN, 1, new AddressRecordData(IPAddress.Loopback))],
        };

        var bytes = DnsMessageCodec.Encode(message);

        Assert.Equal(0xC0, bytes[33]);
        Assert.Equal(0x0C, bytes[34]);
    }

    [Fact]
    public void Decode_PointerChain_FollowsEveryHop()
    {
        // question "a.b.c" at 12; answer owner "x" + pointer to "b.c" (14); its RDATA (CNAME) "y" + pointer to the owner (23).
        var bytes = Convert.FromHexString(
            "0000840000010001000000000161016201630000010001" + "0178c00e" + "0005" + "0001" + "00000001" + "0004" + "0179c017");

        var message = DnsMessageCodec.Decode(bytes);

        Assert.Equal("x.b.c", message.Answers[0].Name);
        Assert.Equal(new NameRecordData("y.x.b.c"), message.Answers[0].Data);
    }

    [Fact]
    public void EncodeDecode_EveryKnownType_RoundTrips()
    {
        var message = new DnsMessage
        {
            Id = 0xBEEF,
            IsResponse = true,
            Opcode = DnsOpcode.Query,
            AuthoritativeAnswer = true,
            Truncated = true,
            RecursionDesired = true,
            RecursionAvailable = true,
            CheckingDisabled = true,
            ResponseCode = DnsResponseCode.Refused,
            Questions = [new DnsQuestion("zone.test", DnsType.ANY, DnsClass.ANY)],
            Answers =
            [
                new DnsRecord("a.zone.test", DnsType.A, DnsClass.IN, 5, new AddressRecordData(IPAddress.Parse("127.0.0.1"))),
                new DnsRecord("a.zone.test", DnsType.AAAA, DnsClass.IN, 5, new AddressRecordData(IPAddress.IPv6Loopback)),
                new DnsRecord("zone.test", DnsType.NS, DnsClass.IN, 5, new NameRecordData("ns.zone.test")),
                new DnsRecord("c.zone.test", DnsType.CNAME, DnsClass.IN, 5, new NameRecordData("a.zone.test")),
                new DnsRecord("zone.test", DnsType.TXT, DnsClass.IN, 5, new TxtRecordData(["one", "", "tw\"o ü"])),
                new DnsRecord("zone.test", DnsType.MX, DnsClass.IN, 5, new OpaqueRecordData([0, 10, 0])),
            ],
            Authority = [new DnsRecord("zone.test", DnsType.SOA, DnsClass.IN, 5, new SoaRecordData("ns.zone.test", "admin.zone.test", uint.MaxValue, 1, 2, 3, 4))],
            Additional = [DnsMessage.MakeOpt(1232)],
        };

        var decoded = DnsMessageCodec.Decode(DnsMessageCodec.Encode(message));

        Assert.Equal(DnsMessageCodec.Encode(message), DnsMessageCodec.Encode(decoded));
        Assert.Equal((message.Id, message.Truncated, message.ResponseCode, message.CheckingDisabled), (decoded.Id, decoded.Truncated, decoded.ResponseCode, decoded.CheckingDisabled));
        Assert.Equal(["one", "", "tw\"o ü"], Assert.IsType<TxtRecordData>(decoded.Answers[4].Data).Strings);
        Assert.Equal(1232, decoded.MaxUdpPayload);
        Assert.Equal(message.Authority[0].Data, decoded.Authority[0].Data);
    }

    [Fact]
    public void Decode_EmptyRdata_IsOpaqueEmpty()
    {
        // An RFC 2136 "delete an RRset": class ANY, TTL 0, RDLENGTH 0.
        var update = new DnsMessage
        {
            Opcode = DnsOpcode.Update,
            Questions = [new DnsQuestion("apps.test", DnsType.SOA)],
            Authority = [new DnsRecord("hello.apps.test", DnsType.A, DnsClass.ANY, 0, OpaqueRecordData.Empty)],
        };

        var decoded = DnsMessageCodec.Decode(DnsMessageCodec.Encode(update));

        var delete = Assert.Single(decoded.Updates);
        Assert.Equal((ushort)DnsClass.ANY, delete.Class);
        Assert.Empty(Assert.IsType<OpaqueRecordData>(delete.Data).Bytes);
    }

    [Fact]
    public void Decode_LabelWithDotAndBinary_IsEscapedAndRoundTrips()
    {
        var bytes = Convert.FromHexString("000000000001000000000000" + "03612e62" + "0201ff" + "00" + "00100001");

        var name = DnsMessageCodec.Decode(bytes).Questions[0].Name;

        Assert.Equal("a\\.b.\\001\\255", name);
        Assert.Equal(bytes, DnsMessageCodec.Encode(new DnsMessage { Questions = [new DnsQuestion(name, DnsType.TXT)] }));
    }

    [Fact]
    public void Encode_TxtStringOver255Octets_IsAClearError()
    {
        var message = new DnsMessage { Answers = [new DnsRecord("t.test", DnsType.TXT, DnsClass.IN, 1, new TxtRecordData(new string('x', 256)))] };

        var error = Assert.Throws<DnsFormatException>(() => DnsMessageCodec.Encode(message));

        Assert.Contains("at most 255", error.Message);
    }
}
