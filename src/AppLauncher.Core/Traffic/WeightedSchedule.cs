namespace AppLauncher.Core.Traffic;

/// <summary>
/// Spreads requests over revisions by their shares exactly, not by chance: a cycle of 100 slots laid out by smooth
/// weighted round-robin (nginx's algorithm), so 90/10 sends 9 of every 10 requests to the first revision and the
/// other one in between, and 1,000 requests split exactly 900/100. Readers pick lock-free with a shared counter.
/// </summary>
public sealed class WeightedSchedule
{
    private readonly string[] _slots;
    private long _next = -1;

    public WeightedSchedule(IReadOnlyList<RevisionWeight> weights)
    {
        var active = weights.Where(w => w.Percent > 0).ToList();
        var total = active.Sum(w => w.Percent);
        _slots = new string[total];
        var current = new int[active.Count];
        for (var slot = 0; slot < total; slot++)
        {
            var best = 0;
            for (var i = 0; i < active.Count; i++)
            {
                current[i] += active[i].Percent;
                if (current[i] > current[best])
                {
                    best = i;
                }
            }

            current[best] -= total;
            _slots[slot] = active[best].Revision;
        }
    }

    public static WeightedSchedule Empty { get; } = new([]);

    /// <summary>The revision for the next request; null when no revision has a share.</summary>
    public string? Next()
    {
        if (_slots.Length == 0)
        {
            return null;
        }

        var n = Interlocked.Increment(ref _next);
        return _slots[(int)((ulong)n % (ulong)_slots.Length)];
    }
}
