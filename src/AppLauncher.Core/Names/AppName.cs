using System.Text.RegularExpressions;

namespace AppLauncher.Core.Names;

/// <summary>Rules for app names: each must be usable as one DNS label (RFC 1123) in the app's domain.</summary>
public static partial class AppName
{
    public const int MaxLength = 63;

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Label();

    /// <summary>Returns null when <paramref name="name"/> is a valid app name, otherwise a message naming the rule and the fix.</summary>
    public static string? Validate(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "an app name is required: use lowercase letters, digits and '-', e.g. 'hello'";
        }

        if (name.Length > MaxLength)
        {
            return $"app name '{name}' is {name.Length} characters long; a DNS label holds at most {MaxLength}";
        }

        if (!Label().IsMatch(name))
        {
            var suggestion = Suggest(name);
            var hint = suggestion is null ? "" : $" (try '{suggestion}')";
            return $"app name '{name}' is not a DNS-1123 label: use only lowercase letters, digits and '-', starting and ending with a letter or digit{hint}";
        }

        return null;
    }

    /// <summary>A valid name close to <paramref name="name"/>, or null when none can be made.</summary>
    public static string? Suggest(string name)
    {
        var chars = name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        var candidate = new string(chars).Trim('-');
        while (candidate.Contains("--", StringComparison.Ordinal))
        {
            candidate = candidate.Replace("--", "-", StringComparison.Ordinal);
        }

        if (candidate.Length > MaxLength)
        {
            candidate = candidate[..MaxLength].TrimEnd('-');
        }

        return candidate.Length > 0 && Label().IsMatch(candidate) ? candidate : null;
    }
}
