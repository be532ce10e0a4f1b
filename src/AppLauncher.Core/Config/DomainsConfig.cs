using AppLauncher.Core.Domains;

namespace AppLauncher.Core.Config;

/// <summary>How apps are named (<c>domains:</c> in <c>launcher.yaml</c>).</summary>
public sealed class DomainsConfig
{
    /// <summary>An app's host: placeholders {app} and {domain} (and {team}, {tag}).</summary>
    public string Template { get; set; } = DomainTemplate.Default;

    /// <summary>A team app's host.</summary>
    public string TeamTemplate { get; set; } = DomainTemplate.DefaultTeam;

    /// <summary>A tag's or preview's host.</summary>
    public string TagTemplate { get; set; } = DomainTemplate.DefaultTag;

    /// <summary>First labels no app may take: they name the platform's own hosts.</summary>
    public List<string> Reserved { get; set; } = [.. DomainNamer.DefaultReservedLabels];

    /// <summary>How often pending custom domains are checked again, in seconds; 0 turns the periodic check off.</summary>
    public int VerifyIntervalSeconds { get; set; } = 60;
}
