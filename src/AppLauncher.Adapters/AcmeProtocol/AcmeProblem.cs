namespace AppLauncher.AcmeProtocol;

/// <summary>An ACME problem document (RFC 8555 §6.7, RFC 7807): <c>urn:ietf:params:acme:error:*</c>, what went wrong, and per-identifier parts.</summary>
public sealed record AcmeProblem(string Type, string? Detail, int? Status = null, IReadOnlyList<AcmeProblem>? Subproblems = null, AcmeIdentifier? Identifier = null)
{
    public const string Prefix = "urn:ietf:params:acme:error:";

    /// <summary>The error's short name (<c>badNonce</c>, <c>rateLimited</c>…), or the whole type when it is not an ACME one.</summary>
    public string Code => Type.StartsWith(Prefix, StringComparison.Ordinal) ? Type[Prefix.Length..] : Type;

    public override string ToString()
    {
        var text = Detail is { Length: > 0 } ? $"{Code}: {Detail}" : Code;
        return Subproblems is { Count: > 0 } ? $"{text} ({string.Join("; ", Subproblems.Select(s => s.Identifier is null ? s.ToString() : $"{s.Identifier.Value}: {s}"))})" : text;
    }
}
