using AppLauncher.Apps;

namespace AppLauncher.Tests.Apps;

/// <summary>
/// <see cref="AppLocks.ChangedSince"/>: a reader that reads an app's state in two steps learns that a change began in
/// between, even one that has ended by the time it looks (the process supervisor's first-deploy race).
/// </summary>
public sealed class AppLocksTests
{
    [Fact]
    public async Task ChangedSince_HeldOrTakenAfterTheMark_OtherAppsAndEarlierChangesNot()
    {
        var locks = new AppLocks();
        Assert.False(locks.ChangedSince("never", locks.Mark()));

        using (await locks.AcquireAsync("earlier", () => Task.CompletedTask, CancellationToken.None))
        {
        }

        var mark = locks.Mark();
        Assert.False(locks.ChangedSince("earlier", mark));

        var held = await locks.AcquireAsync("held", () => Task.CompletedTask, CancellationToken.None);
        Assert.True(locks.ChangedSince("held", mark));
        held.Dispose();
        Assert.True(locks.ChangedSince("held", mark)); // ended, but after the mark
        Assert.False(locks.ChangedSince("held", locks.Mark()));
        Assert.False(locks.ChangedSince("earlier", mark));

        var before = locks.Mark();
        using (await locks.AcquireAsync("earlier", () => Task.CompletedTask, CancellationToken.None))
        {
            Assert.True(locks.IsHeld("earlier"));
            Assert.True(locks.ChangedSince("earlier", before));
        }

        Assert.False(locks.IsHeld("earlier"));
        Assert.True(locks.ChangedSince("earlier", before));
    }
}
