using System.Globalization;
using System.Text.RegularExpressions;

namespace AppLauncher.Core.Manifests;

/// <summary>Reads Kubernetes resource quantities (<c>500m</c>, <c>1.5</c>, <c>512Mi</c>, <c>1G</c>) as plain numbers.</summary>
public static partial class ResourceQuantity
{
    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)(m|k|M|G|T|Ki|Mi|Gi|Ti)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>The quantity's value in base units (cores, bytes), or null when it is not a quantity (or is beyond any machine: over 7.9e28).</summary>
    public static decimal? TryParse(string? text)
    {
        var match = Pattern().Match(text ?? "");
        if (!match.Success)
        {
            return null;
        }

        // A number of 29 digits or more overflows decimal: TryParse, not Parse, or "memory: 99999999999999999999999999999Gi" throws.
        if (!decimal.TryParse(match.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }

        var factor = match.Groups[2].Value switch
        {
            "" => 1m,
            "m" => 0.001m,
            "k" => 1e3m,
            "M" => 1e6m,
            "G" => 1e9m,
            "T" => 1e12m,
            "Ki" => 1024m,
            "Mi" => 1024m * 1024,
            "Gi" => 1024m * 1024 * 1024,
            _ => 1024m * 1024 * 1024 * 1024,
        };
        return factor > 1 && number > decimal.MaxValue / factor ? null : number * factor;
    }
}
