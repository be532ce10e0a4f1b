namespace AppLauncher.Core.Apps;

/// <summary>One variable to set: its value, and whether it is a secret (masked wherever it is shown).</summary>
public sealed record ConfigSetting(string Key, string Value, bool Secret = false);

/// <summary>A change to an app's config vars, as <c>launcher config set</c> and <c>unset</c> send it.</summary>
public sealed record ConfigChange(IReadOnlyList<ConfigSetting> Set, IReadOnlyList<string> Unset);
