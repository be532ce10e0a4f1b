namespace AppLauncher.Domains;

/// <summary>What a custom-domain call did: the domain, or an error with its HTTP status.</summary>
public sealed record CustomDomainResult(CustomDomainDto? Domain, int Status, string? Error)
{
    public static CustomDomainResult Ok(CustomDomainDto domain, int status = 200) => new(domain, status, null);

    public static CustomDomainResult Fail(int status, string error) => new(null, status, error);
}
