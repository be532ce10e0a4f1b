namespace AppLauncher.Core.Domains;

/// <summary>A host name, or why none could be made.</summary>
public sealed record DomainNameResult(string? Host, string? Error)
{
    public bool IsValid => Error is null;

    public static DomainNameResult Ok(string host) => new(host, null);

    public static DomainNameResult Failed(string error) => new(null, error);
}
