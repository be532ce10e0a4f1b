namespace AppLauncher.Core.Manifests;

/// <summary>One non-web Procfile process type: a Deployment of its own, <see cref="Replicas"/> pods running <see cref="Command"/>.</summary>
public sealed record ProcessSettings
{
    /// <summary>The Procfile type, a short DNS label (<c>worker</c>); the Deployment is <c>{app}-{type}</c>.</summary>
    public required string Type { get; init; }

    /// <summary>Shell command, run with <c>/bin/sh -c</c>.</summary>
    public required string Command { get; init; }

    public int Replicas { get; init; } = 1;
}
