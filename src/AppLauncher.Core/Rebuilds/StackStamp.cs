namespace AppLauncher.Core.Rebuilds;

/// <summary>
/// One stack an image was built on: its <see cref="Name"/> (the stack image's <c>launcher.stack.name</c> label, or its
/// reference) and <see cref="Id"/>, the stack image's content-addressed id (<c>sha256:…</c>). The id rather than the
/// <c>launcher.stack.hash</c> label: a forced stack rebuild (new Debian packages, same definition) keeps the hash but
/// changes the contents, and the contents are what an app must be rebuilt on.
/// </summary>
public sealed record StackStamp(string Name, string Id)
{
    /// <summary>The label on a stack image that names it (set by scripts/stacks).</summary>
    public const string NameLabel = "launcher.stack.name";

    /// <summary>The stamp of a stack image: named by its label when it has one, else by the reference it was found by.</summary>
    public static StackStamp Of(string reference, IReadOnlyDictionary<string, string>? labels, string id) =>
        new(labels is not null && labels.TryGetValue(NameLabel, out var name) && StackStamps.IsName(name) ? name : reference, id);

    /// <summary>The id as people read it: the first 12 hex digits, as <c>docker images</c> shows them.</summary>
    public string ShortId => (Id.StartsWith("sha256:", StringComparison.Ordinal) ? Id[7..] : Id) is var hex && hex.Length > 12 ? hex[..12] : Id;
}
