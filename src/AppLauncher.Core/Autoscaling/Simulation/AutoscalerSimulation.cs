namespace AppLauncher.Core.Autoscaling.Simulation;

/// <summary>
/// What an instance start costs by where it starts from, in seconds until the instance answers. <see cref="Measured"/>
/// holds the figures <c>scripts/bench-coldstart</c> measured on this machine (removed tier 0.456 s, stopped 0.467 s,
/// paused 0.041 s, hello-node).
/// </summary>
public sealed record ColdStartModel(double CreateSeconds, double StartSeconds, double ResumeSeconds)
{
    public static ColdStartModel Measured { get; } = new(0.456, 0.467, 0.041);
}

/// <summary>What one policy did with one trace.</summary>
/// <param name="ColdStarts">Instances that had to boot (created, or started from the stopped tier): what Knative and
/// Cloud Run call a cold start. Thaws from the paused tier are counted apart, as AWS Lambda counts a thawed frozen
/// environment as a warm start.</param>
/// <param name="Delayed">Requests that waited more than <see cref="SimulationOptions.DelayedSeconds"/> for an instance.</param>
/// <param name="RunningInstanceSeconds">Seconds instances were starting, serving or draining (what costs CPU and a node).</param>
/// <param name="PausedInstanceSeconds">Seconds instances sat frozen in the paused tier (memory, no CPU).</param>
public sealed record SimulationResult(
    string Policy,
    int Requests,
    int Served,
    int Refused,
    int Delayed,
    double WaitP50Seconds,
    double WaitP99Seconds,
    double WaitMaxSeconds,
    int ColdStarts,
    int Creates,
    int Starts,
    int Thaws,
    double RunningInstanceSeconds,
    double PausedInstanceSeconds,
    int PeakInstances,
    double DurationSeconds);

/// <summary>The model's knobs, each with the default the comparison uses.</summary>
public sealed record SimulationOptions
{
    /// <summary>How often the decider runs (Knative's tick: 2 s).</summary>
    public double TickSeconds { get; init; } = 2;

    /// <summary>A request that waits longer than this for an instance counts as delayed.</summary>
    public double DelayedSeconds { get; init; } = 0.1;

    /// <summary>Requests one instance works on at once; more wait. Null: the policy's concurrency target.</summary>
    public int? InstanceConcurrency { get; init; }

    public ColdStartModel Starts { get; init; } = ColdStartModel.Measured;
}

/// <summary>
/// Replays a trace through the real <see cref="KpaDecider"/> with a model of the rest: the activator holds requests
/// while no instance has room and wakes an idle app at once (as ours and Knative's do), instances start after the
/// <see cref="ColdStartModel"/> time for their tier, serve up to the instance concurrency at once for each request's
/// service time, and go to the idle tiers the policy names when the decider scales to zero (the last instance:
/// paused, then stopped, then removed; others are removed, as <c>InstanceScaler</c> does). Metrics are per-second
/// averages of requests in flight, held ones included, as the proxy counts them and the collector samples them. Discrete events, deterministic: no clock, no threads.
/// </summary>
public sealed class AutoscalerSimulation(string name, AutoscalingPolicy policy, SimulationOptions options)
{
    private static readonly DateTimeOffset Epoch = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private readonly KpaDecider _decider = new(policy);
    private readonly List<Instance> _instances = [];
    private readonly Queue<(double Arrival, double Service)> _held = new();
    private readonly PriorityQueue<(bool Ready, Instance Instance), double> _events = new();
    private readonly MetricWindow _concurrency = new(TimeSpan.FromSeconds(policy.StableWindowSeconds * 2));
    private readonly MetricWindow _rps = new(TimeSpan.FromSeconds(policy.StableWindowSeconds * 2));
    private readonly List<double> _waits = [];
    private readonly int _capacity = options.InstanceConcurrency ?? Math.Max(1, (int)Math.Ceiling(policy.Target));

    private double _clock;
    private double _area;
    private int _arrivalsThisSecond;
    private int _inFlight;
    private double _lastActive = double.NaN;
    private int _refused;
    private int _creates;
    private int _starts;
    private int _thaws;
    private double _running;
    private double _paused;
    private int _peak;

    public SimulationResult Run(IReadOnlyList<TraceRequest> trace)
    {
        var nextArrival = 0;
        var nextSecond = 1.0;
        var nextTick = options.TickSeconds;
        while (nextArrival < trace.Count || _inFlight > 0 || _held.Count > 0)
        {
            var arrivalAt = nextArrival < trace.Count ? trace[nextArrival].ArrivalSeconds : double.PositiveInfinity;
            var eventAt = _events.TryPeek(out _, out var at) ? at : double.PositiveInfinity;
            var next = Math.Min(Math.Min(arrivalAt, eventAt), Math.Min(nextSecond, nextTick));
            Advance(next);
            if (next == nextSecond)
            {
                Sample(nextSecond);
                nextSecond++;
            }
            else if (next == nextTick)
            {
                Tick(nextTick);
                nextTick += options.TickSeconds;
            }
            else if (next == eventAt)
            {
                var (ready, instance) = _events.Dequeue();
                if (ready)
                {
                    Ready(instance);
                }
                else
                {
                    Done(instance);
                }
            }
            else
            {
                Arrive(trace[nextArrival].ServiceSeconds);
                nextArrival++;
            }
        }

        _waits.Sort();
        return new SimulationResult(
            name,
            trace.Count,
            _waits.Count,
            _refused,
            _waits.Count(w => w > options.DelayedSeconds),
            Percentile(0.50),
            Percentile(0.99),
            _waits.Count == 0 ? 0 : _waits[^1],
            _creates + _starts,
            _creates,
            _starts,
            _thaws,
            _running,
            _paused,
            _peak,
            _clock);
    }

    private void Advance(double to)
    {
        var span = to - _clock;
        var running = 0;
        var paused = 0;
        foreach (var instance in _instances)
        {
            running += instance.State is State.Starting or State.Ready or State.Draining ? 1 : 0;
            paused += instance.State == State.Paused ? 1 : 0;
        }

        _running += running * span;
        _paused += paused * span;
        _area += (_inFlight + _held.Count) * span; // held requests count, as the proxy counts them
        _peak = Math.Max(_peak, running);
        _clock = to;
    }

    private void Sample(double second)
    {
        var at = Epoch.AddSeconds(second); // labelled when taken, as the collector labels its samples
        _concurrency.Record(at, _area);
        _rps.Record(at, _arrivalsThisSecond);
        _area = 0;
        _arrivalsThisSecond = 0;
    }

    private void Arrive(double service)
    {
        _arrivalsThisSecond++;
        _lastActive = _clock;
        if (Roomiest() is { } instance)
        {
            Dispatch(instance, service, 0);
            return;
        }

        if (_held.Count >= policy.MaxHeldRequests)
        {
            _refused++; // the activator's overflow: 503 at once
            return;
        }

        _held.Enqueue((_clock, service));
        if (!_instances.Any(i => i.State is State.Starting or State.Ready))
        {
            StartOne(); // the activator wakes an idle app without waiting for the next tick
        }
    }

    private void Tick(double now)
    {
        var active = _instances.Where(i => i.State is State.Starting or State.Ready).ToList();
        var input = new ScaleInput(
            new Dictionary<string, MetricWindow> { [ScalingMetrics.Concurrency] = _concurrency, [ScalingMetrics.Rps] = _rps },
            active.Count(i => i.State == State.Ready),
            active.Count,
            _held.Count,
            double.IsNaN(_lastActive) ? null : Epoch.AddSeconds(_inFlight > 0 || _held.Count > 0 ? now : _lastActive));
        var desired = _decider.Decide(input, Epoch.AddSeconds(now)).Desired;

        for (var n = active.Count; n < desired; n++)
        {
            StartOne();
        }

        var surplus = active.Count - desired;
        foreach (var instance in active.OrderBy(i => i.State == State.Ready ? 0 : 1).ThenBy(i => i.InFlight).Take(Math.Max(0, surplus)))
        {
            Retire(instance, keepIdle: desired == 0 && surplus == 1 && policy.PausedTierSeconds + policy.StoppedTierSeconds > 0);
        }

        foreach (var instance in _instances.ToList())
        {
            var idle = now - instance.Since;
            if (instance.State == State.Paused && idle >= policy.PausedTierSeconds)
            {
                Rest(instance, policy.StoppedTierSeconds > 0 ? State.Stopped : State.Removed);
            }
            else if (instance.State == State.Stopped && idle >= policy.StoppedTierSeconds)
            {
                Rest(instance, State.Removed);
            }
        }
    }

    private void StartOne()
    {
        var idle = _instances.FirstOrDefault(i => i.State == State.Paused) ?? _instances.FirstOrDefault(i => i.State == State.Stopped);
        double cost;
        if (idle?.State == State.Paused)
        {
            _thaws++;
            cost = options.Starts.ResumeSeconds;
        }
        else if (idle is not null)
        {
            _starts++;
            cost = options.Starts.StartSeconds;
        }
        else
        {
            _creates++;
            cost = options.Starts.CreateSeconds;
            idle = new Instance();
            _instances.Add(idle);
        }

        idle.State = State.Starting;
        idle.Since = _clock;
        _events.Enqueue((true, idle), _clock + cost);
    }

    private void Ready(Instance instance)
    {
        if (instance.State != State.Starting)
        {
            return; // retired while it started
        }

        instance.State = State.Ready;
        instance.Since = _clock;
        DrainHeld();
    }

    private void Done(Instance instance)
    {
        instance.InFlight--;
        _inFlight--;
        if (_inFlight == 0)
        {
            _lastActive = _clock;
        }

        if (instance.State == State.Draining && instance.InFlight == 0)
        {
            Rest(instance, instance.KeepIdle ? FirstIdleTier() : State.Removed);
        }

        DrainHeld();
    }

    private void DrainHeld()
    {
        while (_held.Count > 0 && Roomiest() is { } instance)
        {
            var (arrival, service) = _held.Dequeue();
            if (_clock - arrival > policy.HoldTimeoutSeconds)
            {
                _refused++; // held past the timeout: the activator answered 503 already
                continue;
            }

            Dispatch(instance, service, _clock - arrival);
        }
    }

    private void Dispatch(Instance instance, double service, double waited)
    {
        instance.InFlight++;
        _inFlight++;
        _waits.Add(waited);
        _events.Enqueue((false, instance), _clock + service);
    }

    private void Retire(Instance instance, bool keepIdle)
    {
        if (instance.State == State.Starting)
        {
            Rest(instance, State.Removed);
        }
        else if (instance.InFlight == 0)
        {
            Rest(instance, keepIdle ? FirstIdleTier() : State.Removed);
        }
        else
        {
            instance.State = State.Draining;
            instance.KeepIdle = keepIdle;
        }
    }

    private State FirstIdleTier() =>
        policy.PausedTierSeconds > 0 ? State.Paused : policy.StoppedTierSeconds > 0 ? State.Stopped : State.Removed;

    private void Rest(Instance instance, State state)
    {
        instance.State = state;
        instance.Since = _clock;
        if (state == State.Removed)
        {
            _instances.Remove(instance);
        }
    }

    private Instance? Roomiest()
    {
        Instance? best = null;
        foreach (var instance in _instances)
        {
            if (instance.State == State.Ready && instance.InFlight < _capacity && (best is null || instance.InFlight < best.InFlight))
            {
                best = instance;
            }
        }

        return best;
    }

    private double Percentile(double p) => _waits.Count == 0 ? 0 : _waits[Math.Min(_waits.Count - 1, (int)Math.Ceiling(p * _waits.Count) - 1)];

    private enum State
    {
        Starting,
        Ready,
        Draining,
        Paused,
        Stopped,
        Removed,
    }

    private sealed class Instance
    {
        public State State { get; set; }

        public double Since { get; set; }

        public int InFlight { get; set; }

        public bool KeepIdle { get; set; }
    }
}
