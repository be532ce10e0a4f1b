namespace AppLauncher.Core.Manifests;

/// <summary>An app's Kubernetes objects, and notes for the reader about what they could not express.</summary>
public sealed record ManifestSet(IReadOnlyList<OrderedDictionary<string, object?>> Objects, IReadOnlyList<string> Notes);
