namespace AppLauncher.Core.Dns;

/// <summary>What checking a TSIG-signed message found: <see cref="DnsResponseCode.NoError"/>, or the TSIG error and why.</summary>
public sealed record TsigVerification(DnsResponseCode Error, string? Problem)
{
    public bool IsValid => Error == DnsResponseCode.NoError;

    public static TsigVerification Valid { get; } = new(DnsResponseCode.NoError, null);
}
