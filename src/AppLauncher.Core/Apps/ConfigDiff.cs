namespace AppLauncher.Core.Apps;

/// <summary>A config var's value and whether it is a secret.</summary>
public sealed record ConfigValue(string Value, bool Secret)
{
    /// <summary>Never the value: a record's text ends up in logs and messages.</summary>
    public override string ToString() => Secret ? "(secret)" : "(value)";
}

/// <summary>
/// What a <see cref="ConfigChange"/> does to an app's config vars. Setting a variable to the value it has, or unsetting
/// one that is not set, changes nothing. A secret stays a secret when set again without <c>--secret</c>: only unsetting
/// it forgets that.
/// </summary>
public sealed record ConfigDiff(IReadOnlyDictionary<string, ConfigValue> Result, IReadOnlyList<string> Set, IReadOnlyList<string> Unset, IReadOnlyList<string> MarkedSecret)
{
    /// <summary>True when nothing changes at all.</summary>
    public bool IsEmpty => Set.Count == 0 && Unset.Count == 0 && MarkedSecret.Count == 0;

    /// <summary>True when the app's environment changes, so a new revision is needed (a secret flag alone needs none).</summary>
    public bool ChangesEnvironment => Set.Count > 0 || Unset.Count > 0;

    /// <summary>What changed, by name only, e.g. <c>set DATABASE_URL, FOO; unset BAR</c>.</summary>
    public string Description => string.Join("; ", new[]
    {
        Set.Count > 0 ? "set " + string.Join(", ", Set) : null,
        Unset.Count > 0 ? "unset " + string.Join(", ", Unset) : null,
        MarkedSecret.Count > 0 ? "mark secret " + string.Join(", ", MarkedSecret) : null,
    }.Where(p => p is not null));

    /// <summary>Applies <paramref name="change"/> (already validated) to <paramref name="current"/>.</summary>
    public static ConfigDiff Compute(IReadOnlyDictionary<string, ConfigValue> current, ConfigChange change)
    {
        var result = new Dictionary<string, ConfigValue>(current, StringComparer.Ordinal);
        List<string> set = [], unset = [], marked = [];
        foreach (var setting in change.Set)
        {
            var old = current.GetValueOrDefault(setting.Key);
            var secret = setting.Secret || old?.Secret == true;
            if (old is null || old.Value != setting.Value)
            {
                set.Add(setting.Key);
            }
            else if (secret && !old.Secret)
            {
                marked.Add(setting.Key);
            }

            result[setting.Key] = new ConfigValue(setting.Value, secret);
        }

        foreach (var key in change.Unset.Where(result.Remove))
        {
            unset.Add(key);
        }

        return new ConfigDiff(result, set, unset, marked);
    }

    /// <summary>The environment the variables give an app's instances.</summary>
    public static Dictionary<string, string> Environment(IReadOnlyDictionary<string, ConfigValue> vars) =>
        vars.ToDictionary(v => v.Key, v => v.Value.Value, StringComparer.Ordinal);
}
