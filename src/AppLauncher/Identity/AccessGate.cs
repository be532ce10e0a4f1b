using AppLauncher.Core.Identity;
using AppLauncher.Store;

namespace AppLauncher.Identity;

/// <summary>Finds the team an <see cref="AccessRule"/> is about (an app's team from the store) and lets <see cref="AccessDecider"/> decide.</summary>
internal sealed class AccessGate(IStore store)
{
    public async Task<AccessDecision> DecideAsync(Principal principal, AccessRule rule, RouteValueDictionary routeValues, CancellationToken cancellationToken)
    {
        var named = routeValues.TryGetValue(rule.RouteValue, out var value) ? value?.ToString() : null;
        return rule.Target switch
        {
            AccessTarget.App => AccessDecider.Decide(principal, rule, named is null ? null : (await store.GetAppAsync(named, cancellationToken))?.Team, named),
            AccessTarget.Team => AccessDecider.Decide(principal, rule, named, null),
            _ => AccessDecider.Decide(principal, rule, null, null),
        };
    }

    /// <summary>The same decision for an app by name (git pushes): null team when the app does not exist yet.</summary>
    public async Task<(AccessDecision Decision, string? Team)> DecideForAppAsync(Principal principal, AccessRule rule, string app, CancellationToken cancellationToken)
    {
        var team = (await store.GetAppAsync(app, cancellationToken))?.Team;
        return (AccessDecider.Decide(principal, rule, team, app), team);
    }
}
