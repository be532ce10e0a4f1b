using System.Text.RegularExpressions;

namespace AppLauncher.Core.Domains;

/// <summary>
/// A host name template such as <c>{app}.{domain}</c>, <c>{app}.{team}.{domain}</c> or <c>{tag}-{app}.{domain}</c>
/// (Knative's <c>{{.Name}}.{{.Namespace}}.{{.Domain}}</c>). Placeholders: <c>{app}</c> (required), <c>{team}</c>,
/// <c>{tag}</c> and <c>{domain}</c> (required, last).
/// </summary>
public sealed partial class DomainTemplate
{
    public const string Default = "{app}.{domain}";
    public const string DefaultTeam = "{app}.{team}.{domain}";
    public const string DefaultTag = "{tag}-{app}.{domain}";

    private static readonly string[] Placeholders = ["app", "team", "tag", "domain"];

    private DomainTemplate(string text) => Text = text;

    public string Text { get; }

    public bool UsesTeam => Text.Contains("{team}", StringComparison.Ordinal);

    public bool UsesTag => Text.Contains("{tag}", StringComparison.Ordinal);

    [GeneratedRegex(@"\{([^{}]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^[a-z0-9.\-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Literal();

    /// <summary>Returns null when <paramref name="text"/> is a usable template, otherwise what is wrong and how to fix it.</summary>
    public static string? Validate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return $"a domain template is required, e.g. '{Default}'";
        }

        foreach (Match match in Placeholder().Matches(text))
        {
            if (!Placeholders.Contains(match.Groups[1].Value))
            {
                return $"'{text}' has the unknown placeholder '{match.Value}'; use {{app}}, {{team}}, {{tag}} and {{domain}}";
            }
        }

        if (!text.Contains("{app}", StringComparison.Ordinal))
        {
            return $"'{text}' does not contain {{app}}: every app needs a name of its own, e.g. '{Default}'";
        }

        if (!text.EndsWith(".{domain}", StringComparison.Ordinal))
        {
            return $"'{text}' must end with '.{{domain}}', so every app's name is inside the platform's domain, e.g. '{Default}'";
        }

        var literal = Placeholder().Replace(text, "x");
        if (!Literal().IsMatch(literal) || literal.Contains("..", StringComparison.Ordinal) || literal.StartsWith('.'))
        {
            return $"'{text}' may only hold lowercase letters, digits, '-' and '.' between its placeholders, with no empty label";
        }

        return null;
    }

    /// <summary>Parses a template; throws <see cref="ArgumentException"/> with the rule when it is not valid.</summary>
    public static DomainTemplate Parse(string text) =>
        Validate(text) is { } error ? throw new ArgumentException(error, nameof(text)) : new DomainTemplate(text);

    /// <summary>The host with every placeholder filled in (no validation of the values: see <see cref="DomainNamer"/>).</summary>
    public string Render(string app, string domain, string? team = null, string? tag = null) =>
        Text.Replace("{app}", app, StringComparison.Ordinal)
            .Replace("{team}", team ?? "", StringComparison.Ordinal)
            .Replace("{tag}", tag ?? "", StringComparison.Ordinal)
            .Replace("{domain}", domain, StringComparison.Ordinal);

    /// <summary>
    /// The app a host names under this template (ignoring case), or null when the host does not fit it. Placeholders
    /// other than {domain} match one DNS label each; with <c>{tag}-{app}</c> the tag is the shortest possible.
    /// </summary>
    public string? AppFrom(string host, string domain) => Match(host, domain)?.App;

    /// <summary>The app and team (null when the template has no {team}) a host names under this template, or null.</summary>
    public (string App, string? Team)? Match(string host, string domain)
    {
        var pattern = new System.Text.StringBuilder("^");
        var at = 0;
        foreach (Match match in Placeholder().Matches(Text))
        {
            pattern.Append(Regex.Escape(Text[at..match.Index]));
            pattern.Append(match.Groups[1].Value switch
            {
                "domain" => Regex.Escape(domain.TrimEnd('.')),
                var name => $"(?<{name}>[a-z0-9](?:[a-z0-9-]*?[a-z0-9])?)",
            });
            at = match.Index + match.Length;
        }

        pattern.Append(Regex.Escape(Text[at..])).Append('$');
        var found = Regex.Match(host.TrimEnd('.'), pattern.ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50));
        if (!found.Success)
        {
            return null;
        }

        return (found.Groups["app"].Value.ToLowerInvariant(), found.Groups["team"].Success ? found.Groups["team"].Value.ToLowerInvariant() : null);
    }

    public override string ToString() => Text;
}
