namespace AppLauncher.Core.Identity;

/// <summary>A role in one team, ordered: each one can do what the one below it can.</summary>
public enum Role
{
    /// <summary>Reads the team's apps, logs, releases and metrics.</summary>
    Viewer = 1,

    /// <summary>Pushes, and changes config, traffic, autoscaling, domains and releases of the team's apps.</summary>
    Developer = 2,

    /// <summary>Manages the team's members and deletes its apps.</summary>
    Admin = 3,
}

/// <summary>Role names as users write them (<c>viewer</c>, <c>developer</c>, <c>admin</c>).</summary>
public static class Roles
{
    public const string Known = "viewer, developer or admin";

    public static string Name(this Role role) => role.ToString().ToLowerInvariant();

    /// <summary>The role named <paramref name="name"/> (any case), or null when there is none by that name.</summary>
    public static Role? Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "viewer" => Role.Viewer,
        "developer" => Role.Developer,
        "admin" => Role.Admin,
        _ => null,
    };
}
