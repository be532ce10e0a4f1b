using AppLauncher.Build;
using AppLauncher.Core.Config;
using Docker.DotNet.Models;

namespace AppLauncher.Tests.Build;

/// <summary>The build queue, driven step by step: no sleeps, every wait is a task the test completes or inspects.</summary>
public sealed class BuildQueueTests
{
    private static Func<int, int, Task> Record(List<(int Ahead, int Running)> heard) => (ahead, running) =>
    {
        lock (heard)
        {
            heard.Add((ahead, running));
        }

        return Task.CompletedTask;
    };

    [Fact]
    public async Task TryEnterAsync_FreeSlots_EnterAtOnceWithoutWaiting()
    {
        var queue = new BuildQueue(concurrency: 2, maxQueued: 5);
        var heard = new List<(int, int)>();

        using var first = await queue.TryEnterAsync(Record(heard), CancellationToken.None);
        using var second = await queue.TryEnterAsync(Record(heard), CancellationToken.None);

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Empty(heard);
        Assert.Equal(2, queue.Running);
    }

    [Fact]
    public async Task TryEnterAsync_AllSlotsBusy_WaitsAndHearsItsPlaceUntilASlotFrees()
    {
        var queue = new BuildQueue(concurrency: 1, maxQueued: 5);
        var running = await queue.TryEnterAsync(Record([]), CancellationToken.None);
        var firstHeard = new List<(int, int)>();
        var secondHeard = new List<(int, int)>();

        var first = queue.TryEnterAsync(Record(firstHeard), CancellationToken.None);
        var second = queue.TryEnterAsync(Record(secondHeard), CancellationToken.None);

        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted);
        Assert.Equal([(0, 1)], firstHeard);
        Assert.Equal([(1, 1)], secondHeard);
        Assert.Equal(2, queue.Queued);

        running!.Dispose();
        using var firstSlot = await first;
        Assert.NotNull(firstSlot);
        Assert.False(second.IsCompleted);
        await WaitUntilAsync(() => secondHeard.Count == 2);
        Assert.Equal([(1, 1), (0, 1)], secondHeard);

        firstSlot!.Dispose();
        using var secondSlot = await second;
        Assert.NotNull(secondSlot);
        Assert.Equal(1, queue.Running);
        Assert.Equal(0, queue.Queued);
    }

    [Fact]
    public async Task TryEnterAsync_QueueFull_RefusedAtOnce()
    {
        var queue = new BuildQueue(concurrency: 1, maxQueued: 1);
        using var running = await queue.TryEnterAsync(Record([]), CancellationToken.None);
        var waiting = queue.TryEnterAsync(Record([]), CancellationToken.None);

        var refused = queue.TryEnterAsync(Record([]), CancellationToken.None);

        Assert.True(refused.IsCompletedSuccessfully);
        Assert.Null(await refused);
        Assert.False(waiting.IsCompleted);
    }

    [Fact]
    public async Task TryEnterAsync_NoQueue_RefusesWhenEverySlotIsBusy()
    {
        var queue = new BuildQueue(concurrency: 1, maxQueued: 0);
        using var running = await queue.TryEnterAsync(Record([]), CancellationToken.None);

        Assert.Null(await queue.TryEnterAsync(Record([]), CancellationToken.None));
    }

    [Fact]
    public async Task TryEnterAsync_WaiterCancelled_LeavesTheQueueAndThoseBehindMoveUp()
    {
        var queue = new BuildQueue(concurrency: 1, maxQueued: 5);
        var running = await queue.TryEnterAsync(Record([]), CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var cancelled = queue.TryEnterAsync(Record([]), cancel.Token);
        var behindHeard = new List<(int, int)>();
        var behind = queue.TryEnterAsync(Record(behindHeard), CancellationToken.None);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        await WaitUntilAsync(() => behindHeard.Count == 2);
        Assert.Equal([(1, 1), (0, 1)], behindHeard);
        Assert.Equal(1, queue.Queued);
        running!.Dispose();
        using var slot = await behind;
        Assert.NotNull(slot);
    }

    [Fact]
    public async Task Dispose_Twice_FreesOneSlotOnly()
    {
        var queue = new BuildQueue(concurrency: 1, maxQueued: 5);
        var slot = await queue.TryEnterAsync(Record([]), CancellationToken.None);
        var waiting = queue.TryEnterAsync(Record([]), CancellationToken.None);

        slot!.Dispose();
        slot.Dispose();
        using var next = await waiting;

        var third = queue.TryEnterAsync(Record([]), CancellationToken.None);

        Assert.Equal(1, queue.Running);
        Assert.False(third.IsCompleted, "a second slot was handed out after a double dispose");
    }

    [Fact]
    public void ApplyLimits_PlatformDefaults_ReachTheEngineParameters()
    {
        var parameters = new ImageBuildParameters();

        ImageBuilder.ApplyLimits(parameters, new BuildConfig { Memory = "2Gi", Cpus = 1.5 });

        Assert.Equal(2L * 1024 * 1024 * 1024, parameters.Memory);
        Assert.Equal(parameters.Memory, parameters.MemorySwap);
        Assert.Equal(100_000, parameters.CPUPeriod);
        Assert.Equal(150_000, parameters.CPUQuota);
    }

    /// <summary>Position reports come from the waiter's own continuation; this yields until it has run (no timed sleep).</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 10_000 && !condition(); i++)
        {
            await Task.Yield();
        }

        Assert.True(condition());
    }
}
