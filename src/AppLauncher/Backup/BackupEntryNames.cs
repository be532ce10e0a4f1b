using System.Text.RegularExpressions;

namespace AppLauncher.Backup;

/// <summary>
/// The only names an archive may hold: the store dump, the secrets key, one git bundle per app, and the manifest. A
/// closed list rather than a path check, so no entry can name a place outside the restore's staging directory
/// (<c>../</c>, an absolute path, a backslash, a device) whatever the tar says.
/// </summary>
public static partial class BackupEntryNames
{
    public const string Store = "store.json";

    public const string Key = "secrets.key";

    public const string RepositoriesFolder = "repositories/";

    public const string BundleSuffix = ".bundle";

    /// <summary>The entry holding the git bundle of <paramref name="app"/>'s repository.</summary>
    public static string Bundle(string app) => RepositoriesFolder + app + BundleSuffix;

    /// <summary>The app an entry's bundle belongs to, or null when the entry is no bundle.</summary>
    public static string? AppOf(string name) =>
        name.StartsWith(RepositoriesFolder, StringComparison.Ordinal) && name.EndsWith(BundleSuffix, StringComparison.Ordinal)
            ? name[RepositoriesFolder.Length..^BundleSuffix.Length]
            : null;

    /// <summary>Why the archive may not hold an entry called <paramref name="name"/>, or null when it may.</summary>
    public static string? Refusal(string name)
    {
        if (name is Store or Key or BackupManifest.FileName)
        {
            return null;
        }

        if (AppOf(name) is { } app && AppName().IsMatch(app))
        {
            return null;
        }

        return $"the archive holds an entry '{Printable(name)}', which is not one a backup writes ({Store}, {Key}, {BackupManifest.FileName}, " +
            $"{RepositoriesFolder}APP{BundleSuffix}): it was not made by 'launcher backup' or was altered. Nothing was restored.";
    }

    /// <summary>The name as it may be shown: control characters escaped, and cut at 200 characters.</summary>
    private static string Printable(string name)
    {
        var shown = string.Concat(name.Take(200).Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
        return name.Length > 200 ? shown + "…" : shown;
    }

    // An app name is a DNS label: letters, digits and inner hyphens, at most 63 characters.
    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex AppName();
}
