using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace AppLauncher.Observability;

/// <summary>
/// Gauges whose values a stage reads from its own state when asked (the autoscaler's decisions, DNS registration
/// state, the build queue; certificate expiry once TLS registers <c>launcher.certificate.expiry</c> here). Each
/// registration becomes an observable gauge on the area's meter; the alert evaluator reads the same callbacks.
/// </summary>
public sealed class GaugeRegistry(IMeterFactory meters)
{
    private readonly ConcurrentDictionary<string, Meter> _meters = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Func<IEnumerable<Measurement<double>>>> _gauges = new(StringComparer.Ordinal);

    /// <summary>Adds the gauge <paramref name="name"/> on meter <paramref name="meter"/>; a second registration of a name is ignored.</summary>
    public void Register(string meter, string name, string? unit, string description, Func<IEnumerable<Measurement<double>>> observe)
    {
        if (!_gauges.TryAdd(name, observe))
        {
            return;
        }

        _meters.GetOrAdd(meter, name => meters.Create(name)).CreateObservableGauge(name, observe, unit, description);
    }

    /// <summary>The gauge's values now; empty for a name nobody registered.</summary>
    public IReadOnlyList<Measurement<double>> Read(string name) =>
        _gauges.TryGetValue(name, out var observe) ? [.. observe()] : [];
}
