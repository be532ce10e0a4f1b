using AppLauncher.Core.Dns;

namespace AppLauncher.Core.Tests.Dns;

public sealed class TsigSignerTests
{
    private static readonly TsigKey Key = TsigKey.FromBase64("launcher-key", TsigKey.HmacSha256, DnsVectors.UpdateKeySecret);

    private static DateTimeOffset SignedAt(string hex) =>
        DateTimeOffset.FromUnixTimeSeconds((long)((TsigRecordData)DnsMessageCodec.Decode(Convert.FromHexString(hex)).Tsig!.Data).TimeSigned);

    [Fact]
    public void Verify_NsupdateRequest_IsValidWithTheKeyItWasSignedWith()
    {
        var result = TsigSigner.Verify(DnsVectors.Bytes(DnsVectors.NsupdateRequest), Key, SignedAt(DnsVectors.NsupdateRequest));

        Assert.True(result.IsValid, result.Problem);
    }

    [Fact]
    public void Verify_BindResponse_IsValidGivenTheRequestMac()
    {
        var requestMac = ((TsigRecordData)DnsMessageCodec.Decode(DnsVectors.Bytes(DnsVectors.NsupdateRequest)).Tsig!.Data).Mac;

        var result = TsigSigner.Verify(DnsVectors.Bytes(DnsVectors.BindUpdateResponse), Key, SignedAt(DnsVectors.BindUpdateResponse), requestMac);

        Assert.True(result.IsValid, result.Problem);
    }

    [Fact]
    public void Sign_SameMessageKeyAndTime_GivesNsupdatesBytes()
    {
        var signed = DnsVectors.Bytes(DnsVectors.NsupdateRequest);
        var decoded = DnsMessageCodec.Decode(signed);
        var unsigned = DnsMessageCodec.Encode(decoded with { Additional = [] });

        var (again, _) = TsigSigner.Sign(unsigned, Key, SignedAt(DnsVectors.NsupdateRequest));

        Assert.Equal(DnsVectors.NsupdateRequest, Convert.ToHexStringLower(again));
    }

    [Fact]
    public void Verify_OtherSecret_IsBadSig()
    {
        var other = Key with { Secret = new byte[32] };

        var result = TsigSigner.Verify(DnsVectors.Bytes(DnsVectors.NsupdateRequest), other, SignedAt(DnsVectors.NsupdateRequest));

        Assert.Equal(DnsResponseCode.BadSig, result.Error);
    }

    [Fact]
    public void Verify_ChangedMessage_IsBadSig()
    {
        var bytes = DnsVectors.Bytes(DnsVectors.NsupdateRequest);
        bytes[47] ^= 1; // inside the A record's address (127.0.0.1 → 127.0.1.1)

        var result = TsigSigner.Verify(bytes, Key, SignedAt(DnsVectors.NsupdateRequest));

        Assert.Equal(DnsResponseCode.BadSig, result.Error);
    }

    [Fact]
    public void Verify_OutsideFudge_IsBadTime()
    {
        var result = TsigSigner.Verify(DnsVectors.Bytes(DnsVectors.NsupdateRequest), Key, SignedAt(DnsVectors.NsupdateRequest).AddSeconds(301));

        Assert.Equal(DnsResponseCode.BadTime, result.Error);
    }

    [Fact]
    public void Verify_OtherKeyName_IsBadKey()
    {
        var result = TsigSigner.Verify(DnsVectors.Bytes(DnsVectors.NsupdateRequest), Key with { Name = "other-key" }, SignedAt(DnsVectors.NsupdateRequest));

        Assert.Equal(DnsResponseCode.BadKey, result.Error);
    }

    [Fact]
    public void SignThenVerify_Response_ChainsTheRequestMac()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var request = DnsMessageCodec.Encode(new DnsMessage { Id = 7, Opcode = DnsOpcode.Update, Questions = [new DnsQuestion("apps.test", DnsType.SOA)] });
        var (signedRequest, requestMac) = TsigSigner.Sign(request, Key, now);
        var response = DnsMessageCodec.Encode(new DnsMessage { Id = 7, IsResponse = true, Opcode = DnsOpcode.Update, Questions = [new DnsQuestion("apps.test", DnsType.SOA)] });

        var (signedResponse, _) = TsigSigner.Sign(response, Key, now, requestMac);

        Assert.True(TsigSigner.Verify(signedRequest, Key, now).IsValid);
        Assert.True(TsigSigner.Verify(signedResponse, Key, now, requestMac).IsValid);
        Assert.Equal(DnsResponseCode.BadSig, TsigSigner.Verify(signedResponse, Key, now, new byte[32]).Error);
    }

    [Fact]
    public void Verify_ServerReportedError_IsReturnedAsIs()
    {
        // What BIND sends for an unknown key: NOTAUTH with a TSIG record carrying BADKEY and no MAC.
        var refused = new DnsMessage
        {
            Id = 9,
            IsResponse = true,
            Opcode = DnsOpcode.Update,
            ResponseCode = DnsResponseCode.NotAuth,
            Additional = [new DnsRecord("launcher-key", DnsType.TSIG, DnsClass.ANY, 0, new TsigRecordData("hmac-sha256", 1, 300, [], 9, DnsResponseCode.BadKey, []))],
        };

        var result = TsigSigner.Verify(DnsMessageCodec.Encode(refused), Key, DateTimeOffset.FromUnixTimeSeconds(1));

        Assert.Equal(DnsResponseCode.BadKey, result.Error);
    }

    [Fact]
    public void ComputeMac_UnknownAlgorithm_NamesTheSupportedOnes()
    {
        var error = Assert.Throws<DnsFormatException>(() => TsigSigner.ComputeMac(Key with { Algorithm = "hmac-md5" }, null, [], 0, 300, DnsResponseCode.NoError, []));

        Assert.Contains("hmac-sha256", error.Message);
    }
}
