namespace AppLauncher.Core.Dns;

/// <summary>A shared TSIG key: its name, HMAC algorithm (<c>hmac-sha256</c>…) and secret.</summary>
public sealed record TsigKey(string Name, string Algorithm, byte[] Secret)
{
    public const string HmacSha256 = "hmac-sha256";

    /// <summary>A key from its base64 secret, as BIND's <c>key</c> statement and <c>tsig-keygen</c> write it.</summary>
    public static TsigKey FromBase64(string name, string algorithm, string secret) => new(name, algorithm, Convert.FromBase64String(secret));
}
