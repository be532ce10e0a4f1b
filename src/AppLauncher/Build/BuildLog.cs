using System.Text.RegularExpressions;
using Docker.DotNet.Models;

namespace AppLauncher.Build;

/// <summary>
/// Turns the engine's build messages into lines for the pusher: colour codes stripped, the engine's bookkeeping
/// (layer ids, intermediate containers) left out; remembers the current step and the last lines for a failure report.
/// </summary>
internal sealed partial class BuildLog(int keep)
{
    private readonly Queue<string> _tail = new();
    private string _partial = "";

    public string? CurrentStep { get; private set; }

    public IReadOnlyList<string> Tail => [.. _tail];

    /// <summary>The complete lines this message finishes.</summary>
    public IReadOnlyList<string> Add(JSONMessage message)
    {
        var text = message.Stream ?? (message.Error?.Message is { } error ? error + "\n" : message.Status is { } status ? status + "\n" : null);
        if (text is null)
        {
            return [];
        }

        var parts = (_partial + text).Split('\n');
        _partial = parts[^1];
        var lines = new List<string>();
        foreach (var raw in parts[..^1])
        {
            var line = Ansi().Replace(raw, "").TrimEnd('\r', ' ');
            if (line.Trim().Length == 0 || IsBookkeeping(line))
            {
                continue;
            }

            if (line.StartsWith("Step ", StringComparison.Ordinal))
            {
                CurrentStep = line;
            }

            _tail.Enqueue(line);
            if (_tail.Count > keep)
            {
                _tail.Dequeue();
            }

            lines.Add(line);
        }

        return lines;
    }

    // " ---> Using cache" stays: the pusher sees which steps (dependency installs above all) were reused.
    private static bool IsBookkeeping(string line) =>
        (line.StartsWith(" ---> ", StringComparison.Ordinal) && !line.StartsWith(" ---> Using cache", StringComparison.Ordinal))
        || line.StartsWith("Removing intermediate container", StringComparison.Ordinal)
        || line.StartsWith("Successfully built", StringComparison.Ordinal);

    [GeneratedRegex(@"\x1B\[[0-9;]*[A-Za-z]")]
    private static partial Regex Ansi();
}
