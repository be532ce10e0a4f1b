namespace AppLauncher.Core.Remotes;

/// <summary>What to do about one remote ref.</summary>
public enum RefActionKind
{
    /// <summary>Build the commit and release the app (the deploy branch, or a tag with <see cref="RefAction.Tag"/>).</summary>
    Deploy,

    /// <summary>Build the commit as a preview of <see cref="RefAction.Branch"/>.</summary>
    Preview,

    /// <summary>Remove the preview of <see cref="RefAction.Branch"/> (the branch was deleted, or its request closed).</summary>
    RemovePreview,

    /// <summary>Nothing to run: remember the ref at this commit (or forget it when <see cref="RefAction.Commit"/> is null).</summary>
    Record,
}

/// <summary>One decision of <see cref="RefPlanner"/>: the kind, the full ref, its commit (null: gone), and the branch or tag it names.</summary>
public sealed record RefAction(RefActionKind Kind, string Ref, string? Commit, string? Branch = null, string? Tag = null);
