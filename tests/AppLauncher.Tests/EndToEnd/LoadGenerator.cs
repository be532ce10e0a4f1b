using System.Collections.Concurrent;
using System.Diagnostics;

namespace AppLauncher.Tests.EndToEnd;

/// <summary>Sends requests to one URL from several workers until stopped, counting answers by status and body, and failures.</summary>
internal sealed class LoadGenerator : IAsyncDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(2) }) { Timeout = TimeSpan.FromSeconds(30) };
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _workers;
    private readonly ConcurrentDictionary<string, int> _bodies = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private int _requests;

    public LoadGenerator(string url, int workers)
    {
        _workers = [.. Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkAsync(url)))];
    }

    public int Requests => Volatile.Read(ref _requests);

    public IReadOnlyCollection<string> Failures => _failures;

    public IReadOnlyDictionary<string, int> Bodies => _bodies;

    /// <summary>
    /// Waits until at least <paramref name="count"/> more requests have been answered (well or not); throws a
    /// <see cref="TimeoutException"/> that fails the awaiting test when they are not within <paramref name="timeout"/>
    /// (60 s unless given), since a test that goes on would judge "no request failed" on requests never made.
    /// </summary>
    public async Task WaitForRequestsAsync(int count, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        var start = Requests;
        var watch = Stopwatch.StartNew();
        while (Requests < start + count)
        {
            if (watch.Elapsed >= limit)
            {
                var last = _failures.LastOrDefault();
                throw new TimeoutException(
                    $"only {Requests - start} of {count} requests were answered in {limit.TotalSeconds} s; " +
                    $"{_failures.Count} failed so far{(last is null ? "" : $", the last with {last}")}");
            }

            await Task.Delay(50);
        }
    }

    private async Task WorkAsync(string url)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var response = await _http.GetAsync(url, _stop.Token);
                var body = await response.Content.ReadAsStringAsync(_stop.Token);
                if ((int)response.StatusCode != 200)
                {
                    _failures.Enqueue($"{(int)response.StatusCode}: {body.Trim()}");
                }
                else
                {
                    _bodies.AddOrUpdate(body, 1, (_, n) => n + 1);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _failures.Enqueue(e.GetType().Name + ": " + e.Message);
            }

            Interlocked.Increment(ref _requests);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
        _http.Dispose();
        _stop.Dispose();
    }
}
