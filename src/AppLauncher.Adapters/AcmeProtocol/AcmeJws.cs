using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AppLauncher.AcmeProtocol;

/// <summary>
/// Flattened JWS signing with ES256 (RFC 8555 §6.2, RFC 7515/7518): the account key signs every request; the first
/// (newAccount) carries the public key as a JWK, every later one the account URL as <c>kid</c>.
/// </summary>
public sealed class AcmeJws(ECDsa key)
{
    /// <summary>The public key as a JWK, members in the lexicographic order RFC 7638 hashes them in.</summary>
    public string Jwk
    {
        get
        {
            var p = key.ExportParameters(includePrivateParameters: false);
            return $$"""{"crv":"P-256","kty":"EC","x":"{{Base64Url(p.Q.X!)}}","y":"{{Base64Url(p.Q.Y!)}}"}""";
        }
    }

    /// <summary>The JWK thumbprint (RFC 7638, SHA-256), base64url: the account's half of every key authorization.</summary>
    public string Thumbprint => Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes(Jwk)));

    /// <summary>The request body for <paramref name="url"/>: <paramref name="payload"/> (null: POST-as-GET, an empty payload) signed.</summary>
    public string Sign(Uri url, string nonce, string? payload, Uri? accountUrl)
    {
        var header = accountUrl is null
            ? $$"""{"alg":"ES256","jwk":{{Jwk}},"nonce":{{JsonSerializer.Serialize(nonce)}},"url":{{JsonSerializer.Serialize(url.AbsoluteUri)}}}"""
            : $$"""{"alg":"ES256","kid":{{JsonSerializer.Serialize(accountUrl.AbsoluteUri)}},"nonce":{{JsonSerializer.Serialize(nonce)}},"url":{{JsonSerializer.Serialize(url.AbsoluteUri)}}}""";
        var protectedPart = Base64Url(Encoding.UTF8.GetBytes(header));
        var payloadPart = payload is null ? "" : Base64Url(Encoding.UTF8.GetBytes(payload));
        var signature = key.SignData(Encoding.ASCII.GetBytes($"{protectedPart}.{payloadPart}"), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $$"""{"protected":"{{protectedPart}}","payload":"{{payloadPart}}","signature":"{{Base64Url(signature)}}"}""";
    }

    /// <summary>The key authorization of a challenge token (RFC 8555 §8.1): <c>token.thumbprint</c>.</summary>
    public string KeyAuthorization(string token) => $"{token}.{Thumbprint}";

    /// <summary>The TXT value for dns-01 (RFC 8555 §8.4): base64url of the key authorization's SHA-256.</summary>
    public string Dns01Value(string token) => Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes(KeyAuthorization(token))));

    public static string Base64Url(ReadOnlySpan<byte> data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
