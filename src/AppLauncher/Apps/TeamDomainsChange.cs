namespace AppLauncher.Apps;

/// <summary>
/// How a team's opt-in to (or out of) team domains went: <paramref name="TeamFound"/> false when there is no such
/// team; <paramref name="Refusal"/> says why nothing changed (an app whose team host would not be a DNS name).
/// </summary>
public sealed record TeamDomainsChange(bool TeamFound, string? Refusal);
