namespace AppLauncher.Core.Apps;

/// <summary>
/// <c>remote:</c> in an app's launcher.yaml: the ref rules of a connected app, versioned with its code. Read from the
/// deploy branch's commit at each fetch; a value set here wins over the one given at connect (null: that one stays).
/// </summary>
public sealed class AppRemoteConfig
{
    /// <summary>Tags that release the app, a glob (<c>v*</c>; empty: none).</summary>
    public string? Tags { get; set; }

    /// <summary>Whether other branches are previewed.</summary>
    public bool? Previews { get; set; }
}
