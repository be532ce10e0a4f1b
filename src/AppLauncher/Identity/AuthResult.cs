using AppLauncher.Core.Identity;

namespace AppLauncher.Identity;

/// <summary>The outcome of reading a request's token: who it is, or why there is nobody (no token, unknown, revoked, expired).</summary>
public sealed record AuthResult(Principal? Principal, string? Failure)
{
    public static AuthResult Fail(string reason) => new(null, reason);
}
