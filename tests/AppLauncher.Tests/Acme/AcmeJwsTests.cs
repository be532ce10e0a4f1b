using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AppLauncher.AcmeProtocol;

namespace AppLauncher.Tests.Acme;

/// <summary>ES256 flattened JWS, the RFC 7638 thumbprint and the challenge values derived from it.</summary>
public sealed class AcmeJwsTests
{
    // RFC 7638 §3.1's example is RSA; this fixed P-256 key pins the EC member order and the derived values.
    private static ECDsa Key()
    {
        var key = ECDsa.Create();
        key.ImportParameters(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            D = Convert.FromHexString("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721"),
            Q = new ECPoint
            {
                X = Convert.FromHexString("60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6"),
                Y = Convert.FromHexString("7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299"),
            },
        });
        return key;
    }

    private static byte[] FromBase64Url(string s) => Convert.FromBase64String(s.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (s.Length % 4)) % 4));

    [Fact]
    public void Jwk_MembersInLexicographicOrder_AndThumbprintIsItsSha256()
    {
        using var key = Key();
        var jws = new AcmeJws(key);

        Assert.Equal("""{"crv":"P-256","kty":"EC","x":"YP7UuiVanTHJYet0xjVtaMBJuJI7Yfps5mliLmDyn7Y","y":"eQP-EAi4vJmkGunpVii8ZPLxsgwtfp9Rd6PClNRGIpk"}""", jws.Jwk);
        Assert.Equal(AcmeJws.Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes(jws.Jwk))), jws.Thumbprint);
        Assert.DoesNotContain('=', jws.Thumbprint);
    }

    [Theory]
    [InlineData("evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA")]
    [InlineData("a")]
    public void KeyAuthorization_AndDns01Value_FromTheToken(string token)
    {
        using var key = Key();
        var jws = new AcmeJws(key);

        Assert.Equal($"{token}.{jws.Thumbprint}", jws.KeyAuthorization(token));
        Assert.Equal(AcmeJws.Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes($"{token}.{jws.Thumbprint}"))), jws.Dns01Value(token));
        Assert.Equal(43, jws.Dns01Value(token).Length);
    }

    [Theory]
    [InlineData(true, """{"identifiers":[]}""")]
    [InlineData(false, """{"identifiers":[]}""")]
    [InlineData(false, null)]
    public void Sign_HeaderCarriesJwkOrKid_NonceAndUrl_SignatureVerifies(bool withAccount, string? payload)
    {
        using var key = Key();
        var jws = new AcmeJws(key);
        var url = new Uri("https://acme.example/new-order");
        var account = withAccount ? new Uri("https://acme.example/acct/7") : null;

        using var body = JsonDocument.Parse(jws.Sign(url, "nonce-1", payload, account));
        var protectedPart = body.RootElement.GetProperty("protected").GetString()!;
        var payloadPart = body.RootElement.GetProperty("payload").GetString()!;
        using var header = JsonDocument.Parse(FromBase64Url(protectedPart));

        Assert.Equal("ES256", header.RootElement.GetProperty("alg").GetString());
        Assert.Equal("nonce-1", header.RootElement.GetProperty("nonce").GetString());
        Assert.Equal(url.AbsoluteUri, header.RootElement.GetProperty("url").GetString());
        Assert.Equal(withAccount, header.RootElement.TryGetProperty("kid", out _));
        Assert.Equal(!withAccount, header.RootElement.TryGetProperty("jwk", out _));
        Assert.Equal(payload ?? "", Encoding.UTF8.GetString(FromBase64Url(payloadPart)));
        var signature = FromBase64Url(body.RootElement.GetProperty("signature").GetString()!);
        Assert.Equal(64, signature.Length);
        Assert.True(key.VerifyData(Encoding.ASCII.GetBytes($"{protectedPart}.{payloadPart}"), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }
}
