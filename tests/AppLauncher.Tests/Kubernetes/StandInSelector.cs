using System.Text.Json.Nodes;

namespace AppLauncher.Tests.Kubernetes;

/// <summary>Equality-based label selectors (<c>a=b,c!=d</c>), as the API server applies them to lists and watches.</summary>
internal static class StandInSelector
{
    public static Func<JsonObject, bool> Parse(string? selector)
    {
        var terms = (selector ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(term =>
        {
            var negate = term.Contains("!=", StringComparison.Ordinal);
            var pair = term.Split(negate ? "!=" : term.Contains("==", StringComparison.Ordinal) ? "==" : "=");
            return (Key: pair[0].Trim(), Value: pair[1].Trim(), Negate: negate);
        }).ToList();
        return obj =>
        {
            var labels = obj["metadata"]?["labels"] as JsonObject;
            return terms.All(t => (labels?[t.Key]?.GetValue<string>() == t.Value) != t.Negate);
        };
    }
}
