namespace AppLauncher.Core.Remotes;

/// <summary>What a delivery asks for.</summary>
public enum WebhookEventKind
{
    /// <summary>Refs changed (a push, a tag, a deleted branch): fetch and let the rules decide.</summary>
    Push,

    /// <summary>A pull or merge request was closed or merged: its branch's preview goes.</summary>
    RequestClosed,

    /// <summary>The provider checks the hook works (GitHub's <c>ping</c>); nothing to do.</summary>
    Ping,

    /// <summary>An event AppLauncher does not act on (issues, comments…): accepted and ignored.</summary>
    Ignored,
}
