using System.Text.Json.Nodes;

namespace AppLauncher.Kubernetes;

/// <summary>The items of a list call and the list's resourceVersion, from which a watch continues.</summary>
public sealed record KubernetesList(IReadOnlyList<JsonObject> Items, string ResourceVersion);

/// <summary>One event of a watch stream: <c>ADDED</c>, <c>MODIFIED</c>, <c>DELETED</c> or <c>BOOKMARK</c>, with the object.</summary>
public sealed record KubernetesWatchEvent(string Type, JsonObject Object);
