using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AppLauncher.Tests.Kubernetes;

/// <summary>A few of the API server's own validation rules (the ones a generated manifest could break), as 422 causes.</summary>
internal static partial class StandInValidation
{
    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();

    public static List<JsonObject> Validate(string kind, JsonObject obj)
    {
        var causes = new List<JsonObject>();
        void Add(string field, string message) => causes.Add(new JsonObject { ["field"] = field, ["message"] = message });

        var name = obj["metadata"]?["name"]?.GetValue<string>() ?? "";
        if (name.Length > 253 || !Subdomain().IsMatch(name))
        {
            Add("metadata.name", $"Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'");
        }

        foreach (var (key, value) in obj["metadata"]?["labels"] as JsonObject ?? [])
        {
            if (value is not JsonValue v || !v.TryGetValue<string>(out var text) || text.Length > 63)
            {
                Add($"metadata.labels", $"Invalid value: \"{value}\": a valid label must be a string of at most 63 characters ({key})");
            }
        }

        var spec = obj["spec"] as JsonObject;
        switch (kind)
        {
            case "Deployment":
                var matchLabels = spec?["selector"]?["matchLabels"] as JsonObject;
                if (matchLabels is null || matchLabels.Count == 0)
                {
                    Add("spec.selector", "Required value");
                    break;
                }

                var labels = spec?["template"]?["metadata"]?["labels"] as JsonObject;
                if (matchLabels.Any(m => labels?[m.Key]?.GetValue<string>() != m.Value?.GetValue<string>()))
                {
                    Add("spec.template.metadata.labels", "Invalid value: `selector` does not match template `labels`");
                }

                if (spec?["template"]?["spec"]?["containers"] is not JsonArray { Count: > 0 } containers)
                {
                    Add("spec.template.spec.containers", "Required value");
                    break;
                }

                for (var i = 0; i < containers.Count; i++)
                {
                    if (string.IsNullOrEmpty(containers[i]?["image"]?.GetValue<string>()))
                    {
                        Add($"spec.template.spec.containers[{i}].image", "Required value");
                    }
                }

                break;
            case "Service":
                if (spec?["ports"] is not JsonArray { Count: > 0 })
                {
                    Add("spec.ports", "Required value");
                }

                break;
            case "HorizontalPodAutoscaler":
                var min = spec?["minReplicas"]?.GetValue<long>() ?? 1;
                var max = spec?["maxReplicas"]?.GetValue<long>() ?? 0;
                if (min < 1)
                {
                    Add("spec.minReplicas", $"Invalid value: {min}: must be greater than or equal to 1");
                }

                if (max < min)
                {
                    Add("spec.maxReplicas", $"Invalid value: {max}: must be greater than or equal to `minReplicas`");
                }

                break;
            case "CronJob":
                if (string.IsNullOrEmpty(spec?["schedule"]?.GetValue<string>()))
                {
                    Add("spec.schedule", "Required value");
                }

                break;
        }

        return causes;
    }
}
