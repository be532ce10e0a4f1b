using System.Text.RegularExpressions;
using AppLauncher.Core.Names;

namespace AppLauncher.Core.Traffic;

/// <summary>
/// Tags give a revision its own host, <c>{tag}-{app}.{domain}</c>, so the tag and the app together must fit one DNS
/// label. Branch previews use a tag made from the branch name (<c>feature/Login_v2</c> → <c>feature-login-v2</c>).
/// </summary>
public static partial class TrafficTags
{
    [GeneratedRegex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Label();

    /// <summary>The label of a tag's host (without the domain).</summary>
    public static string HostLabel(string tag, string app) => $"{tag}-{app}";

    /// <summary>Null when <paramref name="tag"/> can tag a revision of <paramref name="app"/>; otherwise what is wrong and how to fix it.</summary>
    public static string? Validate(string tag, string app)
    {
        if (string.IsNullOrEmpty(tag) || !Label().IsMatch(tag))
        {
            var hint = AppName.Suggest(tag) is { } suggestion ? $" (try '{suggestion}')" : "";
            return $"tag '{tag}' is not a DNS label: use lowercase letters, digits and '-', starting and ending with a letter or digit{hint}";
        }

        if (tag is "latest")
        {
            return $"'latest' is reserved: {TrafficPlan.LatestName} already names the latest revision";
        }

        var label = HostLabel(tag, app);
        return label.Length > AppName.MaxLength
            ? $"tag '{tag}' makes the host label '{label}' {label.Length} characters long; a DNS label holds at most {AppName.MaxLength}: use a shorter tag"
            : null;
    }

    /// <summary>The preview tag for <paramref name="branch"/>: lowercased, other characters to '-', cut to fit; null when nothing usable is left.</summary>
    public static string? ForBranch(string branch, string app)
    {
        var room = AppName.MaxLength - app.Length - 1;
        if (room <= 0 || AppName.Suggest(branch) is not { } tag)
        {
            return null;
        }

        tag = tag.Length > room ? tag[..room].TrimEnd('-') : tag;
        return tag.Length > 0 && Validate(tag, app) is null ? tag : null;
    }
}
