namespace AppLauncher.Core.Autoscaling;

/// <summary>
/// Decides how many instances an app needs, Knative-KPA style, plus step policies and scheduled minimums.
/// No I/O: the clock comes in as a parameter and the metrics as windows; the only state is what the algorithm
/// itself remembers between ticks (panic mode, recent recommendations, step floors and cooldowns).
/// </summary>
public sealed class KpaDecider(AutoscalingPolicy policy)
{
    private readonly Dictionary<int, DateTimeOffset> _stepFiredAt = [];
    private readonly List<(DateTimeOffset At, int Desired)> _recent = [];
    private readonly IdleGaps _gaps = new();
    private DateTimeOffset? _panicSince;
    private int _maxPanicInstances;

    public AutoscalingPolicy Policy { get; } = policy;

    /// <summary>The instance count step policies have set, if any is in force.</summary>
    public int? StepFloor { get; private set; }

    public ScaleDecision Decide(ScaleInput input, DateTimeOffset now)
    {
        var reasons = new List<string>();
        var keepAlive = KeepAliveFor(input, now);
        int desired;
        if (Policy.KeepAlive == KeepAliveModes.Learned && input.HeldRequests == 0 && input.LastActiveAt is { } last && now - last >= keepAlive)
        {
            // Idle past what the app's own pauses suggest: the stable window's average would keep it up for a minute more.
            _panicSince = null;
            _maxPanicInstances = 0;
            desired = 0;
        }
        else
        {
            desired = TargetBased(input, now, reasons);
        }

        desired = ApplyScaleDownDelay(desired, now);
        desired = ApplySteps(input, now, desired, reasons);

        var (scheduledMin, window) = ScheduledMinimums.ActiveAt(Policy.Schedules, now);
        var floor = Math.Max(Policy.Min, scheduledMin);
        if (floor > desired)
        {
            desired = floor;
            reasons.Add(window is not null && scheduledMin >= Policy.Min ? $"scheduled minimum {scheduledMin} ({window})" : $"minimum {Policy.Min}");
        }

        if (desired == 0 && input.CurrentInstances > 0 && !IdleLongEnough(input, now, keepAlive))
        {
            desired = 1;
            reasons.Add($"kept 1 until {keepAlive.TotalSeconds:0} s without traffic{LearnedNote}");
        }

        var cap = EffectiveCap(input);
        if (desired > cap.Max)
        {
            desired = cap.Max;
            reasons.Add($"capped at {cap.Reason}");
        }

        if (desired == 0)
        {
            StepFloor = null; // an idle app's alarms start over
            reasons.Add(input.CurrentInstances > 0 ? $"no traffic for {keepAlive.TotalSeconds:0} s{LearnedNote}: scale to zero" : "idle");
        }

        return new ScaleDecision(desired, _panicSince is not null, string.Join("; ", reasons));
    }

    private int TargetBased(ScaleInput input, DateTimeOffset now, List<string> reasons)
    {
        if (Policy.Metric is not (ScalingMetrics.Concurrency or ScalingMetrics.Rps) || Policy.Target <= 0)
        {
            // Step policies only: hold what runs, and let the activator bring an idle app up.
            return input.HeldRequests > 0 ? Math.Max(1, input.CurrentInstances) : Math.Min(input.CurrentInstances, StepFloor ?? 0);
        }

        var perInstance = Policy.Target * Policy.TargetUtilizationPercent / 100;
        var stableWindow = TimeSpan.FromSeconds(Policy.StableWindowSeconds);
        var panicWindow = TimeSpan.FromSeconds(Math.Max(1, Policy.StableWindowSeconds * Policy.PanicWindowPercent / 100));
        var window = input.Metrics.GetValueOrDefault(Policy.Metric);
        var stable = window?.Average(now, stableWindow) ?? 0;
        var panic = window?.Average(now, panicWindow) ?? 0;

        // Held requests are concurrency the instances have not seen yet (Knative's activator reports them the same way).
        var held = Policy.Metric == ScalingMetrics.Concurrency ? input.HeldRequests : 0;
        var desiredStable = (int)Math.Ceiling(Math.Max(stable, held) / perInstance);
        var desiredPanic = (int)Math.Ceiling(Math.Max(panic, held) / perInstance);

        var ready = Math.Max(1, input.ReadyInstances);
        var maxUp = (int)Math.Ceiling(Policy.MaxScaleUpRate * ready);
        var maxDown = (int)Math.Floor(ready / Policy.MaxScaleDownRate);
        desiredStable = Math.Clamp(desiredStable, Math.Min(maxDown, maxUp), maxUp);
        desiredPanic = Math.Clamp(desiredPanic, Math.Min(maxDown, maxUp), maxUp);

        var overThreshold = desiredPanic / (double)ready >= Policy.PanicThresholdPercent / 100;
        if (overThreshold)
        {
            _panicSince = now; // every tick over the threshold extends panic mode
        }
        else if (_panicSince is { } since && now - since >= stableWindow)
        {
            _panicSince = null;
            _maxPanicInstances = 0;
        }

        var unit = Policy.Metric == ScalingMetrics.Concurrency ? "concurrent requests" : "requests/s";
        if (_panicSince is not null)
        {
            // In panic mode the app never scales down.
            _maxPanicInstances = Math.Max(Math.Max(desiredPanic, _maxPanicInstances), input.CurrentInstances);
            reasons.Add($"panic: {Math.Max(panic, held):0.#} {unit} over {panicWindow.TotalSeconds:0} s / {perInstance:0.#} per instance");
            return _maxPanicInstances;
        }

        reasons.Add($"stable: {Math.Max(stable, held):0.#} {unit} over {stableWindow.TotalSeconds:0} s / {perInstance:0.#} per instance");
        return desiredStable;
    }

    /// <summary>A lower count takes effect only once it has been the highest recommendation for the whole delay.</summary>
    private int ApplyScaleDownDelay(int desired, DateTimeOffset now)
    {
        if (Policy.ScaleDownDelaySeconds <= 0)
        {
            return desired;
        }

        _recent.Add((now, desired));
        _recent.RemoveAll(r => now - r.At > TimeSpan.FromSeconds(Policy.ScaleDownDelaySeconds));
        return _recent.Max(r => r.Desired);
    }

    private int ApplySteps(ScaleInput input, DateTimeOffset now, int desired, List<string> reasons)
    {
        for (var i = 0; i < Policy.Steps.Count; i++)
        {
            var step = Policy.Steps[i];
            if (_stepFiredAt.TryGetValue(i, out var fired) && now - fired < TimeSpan.FromSeconds(step.CooldownSeconds))
            {
                continue;
            }

            if (input.Metrics.GetValueOrDefault(step.Metric) is not { } window
                || !window.HeldFor(now, TimeSpan.FromSeconds(step.ForSeconds), v => Compare(v, step.Operator, step.Threshold)))
            {
                continue;
            }

            var from = Math.Max(input.CurrentInstances, StepFloor ?? 0);
            var to = Math.Min(EffectiveCap(input).Max, Math.Max(Policy.Min, from + step.Change));

            _stepFiredAt[i] = now;
            StepFloor = to;
            reasons.Add($"alarm {step.Metric} {step.Operator} {step.Threshold} for {step.ForSeconds} s: {from} → {to} (cooldown {step.CooldownSeconds} s)");
        }

        return StepFloor is { } stepFloor ? Math.Max(desired, stepFloor) : desired;
    }

    /// <summary>The input's cap, or the policy's max when the caller passed none (a decider used on its own).</summary>
    private InstanceCap EffectiveCap(ScaleInput input) =>
        input.Cap == InstanceCap.None && Policy.Max > 0 ? new InstanceCap(Policy.Max, $"max {Policy.Max}") : input.Cap;

    private string LearnedNote => Policy.KeepAlive == KeepAliveModes.Learned ? $" (learned from {_gaps.Count} idle gaps)" : "";

    /// <summary>
    /// How long the last instance stays after traffic stops: the grace period (after the stable window emptied), or
    /// with <c>keepAlive: learned</c> what the app's idle gaps so far suggest (read here, at every tick).
    /// </summary>
    private TimeSpan KeepAliveFor(ScaleInput input, DateTimeOffset now)
    {
        if (Policy.KeepAlive != KeepAliveModes.Learned)
        {
            return TimeSpan.FromSeconds(Policy.ScaleToZeroGracePeriodSeconds);
        }

        if (input.Metrics.GetValueOrDefault(ScalingMetrics.Concurrency) is { } concurrency)
        {
            _gaps.Observe(concurrency, now);
        }

        return _gaps.KeepAlive(Policy);
    }

    private static bool IdleLongEnough(ScaleInput input, DateTimeOffset now, TimeSpan keepAlive) =>
        input.HeldRequests == 0 && (input.LastActiveAt is not { } last || now - last >= keepAlive);

    private static bool Compare(double value, string op, double threshold) => op switch
    {
        ">=" => value >= threshold,
        ">" => value > threshold,
        "<=" => value <= threshold,
        "<" => value < threshold,
        _ => false,
    };
}
