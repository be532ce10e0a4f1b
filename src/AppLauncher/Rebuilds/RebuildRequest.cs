namespace AppLauncher.Rebuilds;

/// <summary>A rebuild waiting its turn. <paramref name="Force"/>: asked for by hand for this app, so it runs even when its stacks are current.</summary>
public sealed record RebuildRequest(string App, string Reason, string Actor, bool Force, DateTimeOffset QueuedAt);
