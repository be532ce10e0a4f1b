namespace AppLauncher.Rebuilds;

/// <summary>The rebuild queue as the API shows it: the one running, those waiting (in order), and the latest outcomes (newest first).</summary>
public sealed record RebuildStatus(RebuildRequest? Running, IReadOnlyList<RebuildRequest> Queued, IReadOnlyList<RebuildOutcome> Recent);
