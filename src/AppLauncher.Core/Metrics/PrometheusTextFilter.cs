using System.Text;

namespace AppLauncher.Core.Metrics;

/// <summary>
/// Keeps the samples of a Prometheus (or OpenMetrics) text exposition that a caller may see: a sample whose
/// <c>app</c> label names a visible app stays; a sample of another app, or of the platform itself (no <c>app</c>
/// label), goes. Comment lines (<c># HELP</c>, <c># TYPE</c>, <c># EOF</c>) stay as they are.
/// </summary>
public static class PrometheusTextFilter
{
    public static string Filter(string exposition, Func<string, bool> visible) =>
        string.Join('\n', exposition.Split('\n').Where(line => line.Length == 0 || line[0] == '#' || (AppOf(line) is { } app && visible(app))));

    /// <summary>The value of the sample's <c>app</c> label; null when it has none or the label set does not parse.</summary>
    public static string? AppOf(string sample)
    {
        var open = sample.IndexOf('{');
        var space = sample.IndexOf(' ');
        if (open < 0 || (space >= 0 && space < open))
        {
            return null;
        }

        var i = open + 1;
        while (i < sample.Length && sample[i] != '}')
        {
            var equals = sample.IndexOf('=', i);
            if (equals < 0 || equals + 1 >= sample.Length || sample[equals + 1] != '"')
            {
                return null;
            }

            var name = sample[i..equals].Trim();
            var value = new StringBuilder();
            var j = equals + 2;
            for (; j < sample.Length && sample[j] != '"'; j++)
            {
                if (sample[j] == '\\' && j + 1 < sample.Length)
                {
                    j++;
                    value.Append(sample[j] == 'n' ? '\n' : sample[j]);
                }
                else
                {
                    value.Append(sample[j]);
                }
            }

            if (j >= sample.Length)
            {
                return null;
            }

            if (name == "app")
            {
                return value.ToString();
            }

            i = j + 1;
            if (i < sample.Length && sample[i] == ',')
            {
                i++;
            }
        }

        return null;
    }
}
