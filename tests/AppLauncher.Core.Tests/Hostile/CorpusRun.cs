using System.Diagnostics;
using Xunit.Abstractions;

namespace AppLauncher.Core.Tests.Hostile;

/// <summary>
/// Runs a parser over a corpus: counts the inputs, times each one and keeps the slowest (printed, never asserted: the
/// machine is shared), and collects every input that threw or gave an unclear answer.
/// </summary>
internal sealed class CorpusRun(string name)
{
    /// <summary>
    /// A guard against a hang, not a timing assertion: every input takes milliseconds; one still running after this
    /// long is a quadratic (or worse) parser. Its thread cannot be stopped, so after <see cref="MaxHangs"/> the run stops.
    /// </summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private const int MaxHangs = 3;

    private readonly Stopwatch _total = new();
    private readonly List<(TimeSpan Time, string Input)> _slowest = [];

    public int Count { get; private set; }

    public List<string> Problems { get; } = [];

    public int Hangs { get; private set; }

    /// <summary>Runs <paramref name="parse"/>, which returns null when the answer is acceptable or the problem with it.</summary>
    public void Run(string input, Func<string?> parse)
    {
        if (Hangs >= MaxHangs)
        {
            return;
        }

        Count++;
        _total.Start();
        var watch = Stopwatch.StartNew();
        var task = Task.Factory.StartNew(parse, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var finished = ((IAsyncResult)task).AsyncWaitHandle.WaitOne(HangGuard);
        watch.Stop();
        _total.Stop();
        if (!finished)
        {
            Hangs++;
            Problems.Add($"{input}: still running after {HangGuard.TotalSeconds:N0} s" + (Hangs >= MaxHangs ? " (stopped the corpus here)" : ""));
            return;
        }

        if (task.Exception is { } e)
        {
            var thrown = e.InnerException!;
            var where = thrown.StackTrace?.Split('\n').FirstOrDefault(l => l.Contains("AppLauncher", StringComparison.Ordinal))?.Trim();
            Problems.Add($"{input}: threw {thrown.GetType().Name}: {thrown.Message} ({where})");
        }
        else if (task.Result is { } problem)
        {
            Problems.Add($"{input}: {problem}");
        }

        _slowest.Add((watch.Elapsed, input));
        if (_slowest.Count > 20)
        {
            _slowest.Sort((a, b) => b.Time.CompareTo(a.Time));
            _slowest.RemoveRange(5, _slowest.Count - 5);
        }
    }

    /// <summary>The figures for the lead's note: corpus size, run time, the slowest inputs.</summary>
    public void Print(ITestOutputHelper output)
    {
        _slowest.Sort((a, b) => b.Time.CompareTo(a.Time));
        output.WriteLine($"hostile corpus {name}: {Count:N0} inputs in {_total.Elapsed.TotalSeconds:N1} s; slowest:");
        foreach (var (time, input) in _slowest.Take(5))
        {
            output.WriteLine($"  {time.TotalMilliseconds,8:N1} ms  {input}");
        }
    }

    public string Report(int max = 30) =>
        $"{Problems.Count} of {Count:N0} inputs to {name} went wrong:\n" + string.Join("\n", Problems.Take(max));
}
