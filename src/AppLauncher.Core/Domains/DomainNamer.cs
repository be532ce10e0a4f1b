using AppLauncher.Core.Names;

namespace AppLauncher.Core.Domains;

/// <summary>
/// Gives apps their host names from the platform's templates, and refuses names that are not DNS names or that
/// belong to the platform itself. Pure: the configuration in, a name or an error out.
/// </summary>
public sealed class DomainNamer
{
    public const int MaxHostLength = 253;
    public const int MaxLabelLength = 63;

    private readonly HashSet<string> _reservedHosts;

    /// <param name="domain">The platform's base domain (<c>localhost</c>, <c>apps.example.com</c>).</param>
    /// <param name="reservedLabels">First labels no app may take (<c>www</c>, <c>ns</c>): they name the platform's own hosts.</param>
    /// <param name="controlPlaneHost">The control plane's own host name, refused as an app's name.</param>
    public DomainNamer(string domain, DomainTemplate? template = null, DomainTemplate? teamTemplate = null, DomainTemplate? tagTemplate = null,
        IEnumerable<string>? reservedLabels = null, string? controlPlaneHost = null)
    {
        Domain = domain.ToLowerInvariant().TrimEnd('.');
        Template = template ?? DomainTemplate.Parse(DomainTemplate.Default);
        TeamTemplate = teamTemplate ?? DomainTemplate.Parse(DomainTemplate.DefaultTeam);
        TagTemplate = tagTemplate ?? DomainTemplate.Parse(DomainTemplate.DefaultTag);
        ReservedLabels = (reservedLabels ?? DefaultReservedLabels).Select(l => l.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        _reservedHosts = new HashSet<string>(StringComparer.Ordinal) { Domain };
        _reservedHosts.UnionWith(ReservedLabels.Select(l => $"{l}.{Domain}"));
        if (controlPlaneHost is { Length: > 0 })
        {
            _reservedHosts.Add(controlPlaneHost.ToLowerInvariant().TrimEnd('.'));
        }
    }

    /// <summary><c>www</c> (the platform's web site) and <c>ns</c> (the name server the embedded DNS server names in NS and SOA).</summary>
    public static IReadOnlyList<string> DefaultReservedLabels { get; } = ["www", "ns"];

    public string Domain { get; }

    public DomainTemplate Template { get; }

    public DomainTemplate TeamTemplate { get; }

    public DomainTemplate TagTemplate { get; }

    public IReadOnlySet<string> ReservedLabels { get; }

    /// <summary>The app's host: <see cref="Template"/>, or <see cref="TeamTemplate"/> for a team app.</summary>
    public DomainNameResult HostFor(string app, string? team = null) =>
        team is null ? Make(Template, app, null, null) : Make(TeamTemplate, app, team, null);

    /// <summary>
    /// The app and team a <c>domains.teamTemplate</c> host names (<c>web.payments.localhost</c> → web, payments), or
    /// null when it does not fit the template (or the template has no {team}), or is one of the platform's own hosts.
    /// </summary>
    public (string App, string Team)? TeamHostFrom(string host) =>
        TeamTemplate.UsesTeam && !_reservedHosts.Contains(host.ToLowerInvariant().TrimEnd('.')) && TeamTemplate.Match(host, Domain) is ({ } app, { } team) ? (app, team) : null;

    /// <summary>A tag's or preview's host (<c>{tag}-{app}.{domain}</c>).</summary>
    public DomainNameResult TagHostFor(string app, string tag) => Make(TagTemplate, app, null, tag);

    /// <summary>Null when <paramref name="app"/> may be created: its name renders to a valid host that is not reserved.</summary>
    public string? Refuse(string app) => HostFor(app).Error;

    private DomainNameResult Make(DomainTemplate template, string app, string? team, string? tag)
    {
        if (AppName.Validate(app) is { } appError)
        {
            return DomainNameResult.Failed(appError);
        }

        if (team is not null && LabelError("team", team) is { } teamError)
        {
            return DomainNameResult.Failed(teamError);
        }

        if (tag is not null && LabelError("tag", tag) is { } tagError)
        {
            return DomainNameResult.Failed(tagError);
        }

        var host = template.Render(app, Domain, team, tag);
        if (host.Length > MaxHostLength)
        {
            return DomainNameResult.Failed($"the name '{host}' ({template}) is {host.Length} characters; a DNS name holds at most {MaxHostLength}: choose a shorter app name");
        }

        var tooLong = host.Split('.').FirstOrDefault(l => l.Length > MaxLabelLength);
        if (tooLong is not null)
        {
            return DomainNameResult.Failed($"the name '{host}' ({template}) has the label '{tooLong}' of {tooLong.Length} characters; a DNS label holds at most {MaxLabelLength}: choose a shorter app{(tag is null ? "" : " or tag")} name");
        }

        if (_reservedHosts.Contains(host))
        {
            return DomainNameResult.Failed($"the name '{host}' is reserved for the platform itself ({Describe(host)}): choose another app name");
        }

        return DomainNameResult.Ok(host);
    }

    private string Describe(string host) =>
        host == Domain ? "the base domain" : ReservedLabels.Any(l => host == $"{l}.{Domain}") ? $"reserved names: {string.Join(", ", ReservedLabels.Order())}" : "the control plane's host";

    private static string? LabelError(string what, string value) =>
        AppName.Validate(value) is null ? null : $"{what} '{value}' is not a DNS-1123 label: use lowercase letters, digits and '-', at most 63, starting and ending with a letter or digit";
}
