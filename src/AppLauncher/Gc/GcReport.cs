namespace AppLauncher.Gc;

/// <summary>What a collection removed (or, in a dry run, would remove), and what it left because the engine refused.</summary>
/// <param name="Bytes">The removed images' sizes added up: layers shared with images that stay are not freed, so the disk gains at most this.</param>
public sealed record GcReport(bool DryRun, IReadOnlyList<GcImage> Images, IReadOnlyList<GcContainer> Containers, long Bytes, IReadOnlyList<string> Skipped);

/// <summary>An image that goes: an old revision's (<paramref name="Revisions"/> used it) or a dangling build stage.</summary>
public sealed record GcImage(string Id, string? App, IReadOnlyList<string> Tags, IReadOnlyList<string> Revisions, long Size, string Reason);

/// <summary>A stopped one-off container (a release command, an interrupted build step) of this installation.</summary>
public sealed record GcContainer(string Id, string Name, string? App, string State);
