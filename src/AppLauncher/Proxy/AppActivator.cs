using System.Collections.Concurrent;
using AppLauncher.Apps;

namespace AppLauncher.Proxy;

/// <summary>
/// Holds requests for a revision that has no ready instance while one starts, and lets them through in arrival
/// order once one is routed. Bounded per revision by its app's policy: a maximum of held requests and a hold
/// timeout (Knative's activator).
/// </summary>
public sealed class AppActivator
{
    private readonly ConcurrentDictionary<string, Queue> _queues = new(StringComparer.Ordinal);
    private readonly RouteTable _routes;
    private readonly AutoscalingPolicies _policies;
    private readonly ScaleRequests _requests;
    private readonly TimeProvider _time;

    public AppActivator(RouteTable routes, AutoscalingPolicies policies, ScaleRequests requests, TimeProvider time)
    {
        (_routes, _policies, _requests, _time) = (routes, policies, requests, time);
        routes.Changed += route =>
        {
            if (route.Endpoints.Count > 0)
            {
                Release(route.Revision);
            }
        };
    }

    /// <summary>Forgets the queue of a revision no longer served (its held requests were answered or timed out).</summary>
    public void Forget(string revision)
    {
        if (_queues.TryGetValue(revision, out var queue) && queue.Count == 0)
        {
            _queues.TryRemove(KeyValuePair.Create(revision, queue));
        }
    }

    /// <summary>The revisions that have a queue.</summary>
    public IEnumerable<string> Revisions => _queues.Keys;

    /// <summary>Requests held for the revision now.</summary>
    public int Held(string revision) => _queues.TryGetValue(revision, out var queue) ? queue.Count : 0;

    public async Task<ActivationResult> WaitAsync(string app, string revision, CancellationToken cancellationToken)
    {
        var policy = _policies.Cached(app);
        var (maxHeld, timeout) = (policy.MaxHeldRequests, TimeSpan.FromSeconds(policy.HoldTimeoutSeconds));
        var queue = _queues.GetOrAdd(revision, _ => new Queue());
        var waiter = queue.TryEnqueue(maxHeld);
        if (waiter is null)
        {
            return ActivationResult.Overflow;
        }

        // An instance may have become ready between the caller's look at the route and the enqueue.
        if (_routes.Find(revision) is { Endpoints.Count: > 0 })
        {
            Release(revision);
        }

        _requests.Request(revision);
        try
        {
            await waiter.Task.WaitAsync(timeout, _time, cancellationToken);
            return ActivationResult.Ready;
        }
        catch (TimeoutException)
        {
            queue.Remove(waiter);
            return ActivationResult.TimedOut;
        }
        catch (OperationCanceledException)
        {
            queue.Remove(waiter);
            throw;
        }
    }

    private void Release(string revision)
    {
        if (_queues.TryGetValue(revision, out var queue))
        {
            queue.ReleaseAll();
        }
    }

    private sealed class Queue
    {
        private readonly LinkedList<TaskCompletionSource> _waiters = new();

        public int Count
        {
            get
            {
                lock (_waiters)
                {
                    return _waiters.Count;
                }
            }
        }

        public TaskCompletionSource? TryEnqueue(int max)
        {
            lock (_waiters)
            {
                if (_waiters.Count >= max)
                {
                    return null;
                }

                var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.AddLast(waiter);
                return waiter;
            }
        }

        public void Remove(TaskCompletionSource waiter)
        {
            lock (_waiters)
            {
                _waiters.Remove(waiter);
            }
        }

        /// <summary>Lets every held request go, first come first served.</summary>
        public void ReleaseAll()
        {
            List<TaskCompletionSource> released;
            lock (_waiters)
            {
                released = [.. _waiters];
                _waiters.Clear();
            }

            foreach (var waiter in released)
            {
                waiter.TrySetResult();
            }
        }
    }
}
