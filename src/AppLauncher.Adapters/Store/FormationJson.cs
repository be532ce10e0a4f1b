using System.Text.Json;

namespace AppLauncher.Store;

/// <summary>An app's process counts as the store keeps them (<see cref="IStore.GetFormationAsync"/>): a JSON object of type → count.</summary>
public static class FormationJson
{
    public static IReadOnlyDictionary<string, int>? Read(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<SortedDictionary<string, int>>(json);

    public static string Write(IReadOnlyDictionary<string, int> counts) => JsonSerializer.Serialize(counts);
}
