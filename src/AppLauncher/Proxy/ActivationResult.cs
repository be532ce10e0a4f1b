namespace AppLauncher.Proxy;

/// <summary>How a held request ended.</summary>
public enum ActivationResult
{
    /// <summary>An instance is ready: forward the request.</summary>
    Ready,

    /// <summary>The app already held its maximum of requests.</summary>
    Overflow,

    /// <summary>No instance became ready within the hold timeout.</summary>
    TimedOut,
}
