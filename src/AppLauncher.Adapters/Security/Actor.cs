namespace AppLauncher.Security;

/// <summary>Who made a change, as a caller names it (an e-mail address, user@host): recorded, never trusted for access.</summary>
public static class Actor
{
    private const int MaxLength = 200;

    /// <summary>The name without control characters, trimmed and bounded; null when nothing is left.</summary>
    public static string? Clean(string? raw)
    {
        var name = new string([.. (raw ?? "").Where(c => !char.IsControl(c))]).Trim();
        return name.Length == 0 ? null : name[..Math.Min(name.Length, MaxLength)];
    }
}
