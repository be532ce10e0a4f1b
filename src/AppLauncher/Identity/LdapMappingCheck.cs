using AppLauncher.Core.Config;
using AppLauncher.Settings;
using AppLauncher.Store;

namespace AppLauncher.Identity;

/// <summary>The start-up error of a directory group mapped to a team that does not exist.</summary>
public sealed class IdentityConfigException(string message) : Exception(message);

/// <summary>
/// Run at start, after the default team exists: every team <c>identity.ldap.groups</c> names must exist, or the
/// server does not start and says which line of <c>launcher.yaml</c> names it (roles are checked with the file).
/// </summary>
public sealed class LdapMappingCheck(LauncherSettings settings, IIdentityStore identity)
{
    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (settings.Config.Identity.Ldap is not { } ldap)
        {
            return;
        }

        var teams = (await identity.ListTeamsAsync(cancellationToken)).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var locator = File.Exists(settings.ConfigFile) ? YamlLocator.Parse(await File.ReadAllTextAsync(settings.ConfigFile, cancellationToken)) : null;
        var errors = ldap.Groups.Select((m, i) => (m, i)).Where(x => !teams.Contains(x.m.Team)).Select(x =>
        {
            var field = $"identity.ldap.groups[{x.i}].team";
            var where = locator?.LineOf(field) is { } line ? $"{settings.ConfigFile}:{line}" : settings.ConfigFile;
            return $"{where}: {field}: no team named '{x.m.Team}' (for group {x.m.Group}): fix a misspelled name, or leave the mapping out, start the server, create the team (launcher teams create {x.m.Team}) and add it back";
        }).ToList();
        if (errors.Count > 0)
        {
            throw new IdentityConfigException(string.Join(Environment.NewLine + "  ", errors));
        }
    }
}
