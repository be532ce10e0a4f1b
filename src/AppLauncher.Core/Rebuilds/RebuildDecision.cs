namespace AppLauncher.Core.Rebuilds;

/// <summary>
/// What a stack check decided for one app: rebuild it (<see cref="Reason"/> is what its release history will say,
/// <c>rebuilt: stack node-run changed</c>) or leave it (<see cref="Skipped"/> says why, for the person who asked).
/// </summary>
public sealed record RebuildDecision(string App, string Revision, string? Reason, string? Skipped, IReadOnlyList<string> Stacks)
{
    public bool Rebuild => Reason is not null;
}
