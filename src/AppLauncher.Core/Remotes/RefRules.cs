namespace AppLauncher.Core.Remotes;

/// <summary>
/// Which remote refs deploy what: <see cref="Branch"/> releases the app; tags matching <see cref="Tags"/> (a glob,
/// <c>v*</c>; empty: none) release the app with the tag recorded; any other branch is previewed when
/// <see cref="Previews"/> is set, and its preview removed when the branch goes.
/// </summary>
public sealed record RefRules(string Branch = "main", string Tags = "v*", bool Previews = true)
{
    public const string HeadsPrefix = "refs/heads/";
    public const string TagsPrefix = "refs/tags/";

    /// <summary>Whether <paramref name="tag"/> (without <c>refs/tags/</c>) matches <see cref="Tags"/>: <c>*</c> any run, <c>?</c> one character.</summary>
    public bool MatchesTag(string tag) => Tags.Length > 0 && Glob(Tags, tag);

    private static bool Glob(string pattern, string text)
    {
        // Iterative with one backtrack point: linear in practice, never exponential.
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
