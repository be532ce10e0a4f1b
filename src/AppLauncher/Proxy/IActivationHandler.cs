namespace AppLauncher.Proxy;

/// <summary>What the activator needs from the autoscaler: the app's hold limits, and a way to ask for an instance now.</summary>
public interface IActivationHandler
{
    /// <summary>Most requests to hold for the app, and how long to hold each.</summary>
    (int MaxHeld, TimeSpan Timeout) HoldLimits(string app);

    /// <summary>Asks for an instance of the revision at once (scale from zero), without waiting for the next tick.</summary>
    void RequestInstance(string revision);
}
