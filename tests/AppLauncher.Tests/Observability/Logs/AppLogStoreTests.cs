using AppLauncher.Core.Config;
using AppLauncher.Observability.Logs;
using Microsoft.Extensions.Time.Testing;

namespace AppLauncher.Tests.Observability.Logs;

public sealed class AppLogStoreTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 5, 0, 0, TimeSpan.Zero));

    public void Dispose() => _data.Dispose();

    private AppLogStore Store(string size = "50Mi", int days = 7) =>
        new(_data.Path, new LogsConfig { MaxSizePerApp = size, MaxAgeDays = days }, _time);

    private LogEntry Line(string text, string revision = "hello-00001", string instance = "web.1") =>
        new(_time.GetUtcNow(), LogEntry.AppSource, revision, instance.Split('.')[0], instance, "stdout", text) { Container = "c0ffee000001" };

    [Fact]
    public void Append_ManyMoreBytesThanTheLimit_TrimmedToTheLimitKeepingTheNewest()
    {
        using var store = Store(size: "64Ki");
        for (var i = 0; i < 5000; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(1));
            store.Append("hello", [Line($"line {i:D5} " + new string('x', 100))]);
        }

        using var snapshot = store.Open("hello", follow: false);
        var kept = AppLogStore.Read(snapshot, new LogFilter(), 10_000);

        Assert.InRange(store.SizeOf("hello"), 32 * 1024, 64 * 1024);
        Assert.InRange(Directory.GetFiles(Path.Combine(_data.Path, "hello"), "*.ndjson").Length, 2, 8);
        Assert.StartsWith("line 04999 ", kept[^1].Line);
        Assert.DoesNotContain(kept, e => e.Line.StartsWith("line 00000 ", StringComparison.Ordinal));
        Assert.Equal(kept.OrderBy(e => e.Line, StringComparer.Ordinal).Select(e => e.Line), kept.Select(e => e.Line)); // in order, none lost in the middle
        Assert.Equal(int.Parse(kept[^1].Line[5..10]) - int.Parse(kept[0].Line[5..10]) + 1, kept.Count);
    }

    [Fact]
    public void Trim_LinesOlderThanTheAgeLimit_Removed()
    {
        using var store = Store(size: "64Ki", days: 1);
        for (var i = 0; i < 2000; i++)
        {
            store.Append("hello", [Line($"old {i} " + new string('x', 100))]);
        }

        _time.Advance(TimeSpan.FromHours(23));
        store.Trim();
        Assert.NotEqual(0, store.SizeOf("hello")); // younger than a day: kept

        _time.Advance(TimeSpan.FromHours(2));
        store.Trim();
        store.Append("hello", [Line("new")]);
        using var snapshot = store.Open("hello", follow: false);

        Assert.Equal(["new"], AppLogStore.Read(snapshot, new LogFilter(), 10_000).Select(e => e.Line));
        Assert.Single(Directory.GetFiles(Path.Combine(_data.Path, "hello"), "*.ndjson"));
    }

    [Fact]
    public async Task Open_Follow_GetsTheLinesAppendedAfterTheSnapshotAndNoneBefore()
    {
        using var store = Store();
        store.Append("hello", [Line("before")]);

        using var snapshot = store.Open("hello", follow: true);
        store.Append("hello", [Line("after 1"), Line("after 2")]);
        var history = AppLogStore.Read(snapshot, new LogFilter(), 100);

        Assert.Equal(["before"], history.Select(e => e.Line));
        Assert.Equal("after 1", (await snapshot.Live!.ReadAsync()).Line);
        Assert.Equal("after 2", (await snapshot.Live!.ReadAsync()).Line);
    }

    [Fact]
    public void Read_FilterAndTail_TheLastMatchingLines()
    {
        using var store = Store();
        for (var i = 0; i < 10; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            store.Append("hello", [Line($"v1 {i}", "hello-00001"), Line($"v2 {i}", "hello-00002", "worker.1")]);
        }

        using var snapshot = store.Open("hello", follow: false);

        Assert.Equal(["v1 8", "v1 9"], AppLogStore.Read(snapshot, new LogFilter(Revision: "hello-00001"), 2).Select(e => e.Line));
        Assert.Equal(["v2 9"], AppLogStore.Read(snapshot, new LogFilter(Process: "worker"), 1).Select(e => e.Line));
        Assert.Equal(["v2 9"], AppLogStore.Read(snapshot, new LogFilter(Process: "worker.1"), 1).Select(e => e.Line));
        Assert.Equal(6, AppLogStore.Read(snapshot, new LogFilter(Since: _time.GetUtcNow() - TimeSpan.FromMinutes(2)), 100).Count);
    }

    [Fact]
    public void Attach_AfterARestart_SameInstanceNameAndTheTimeOfItsLastLine()
    {
        DateTimeOffset last;
        using (var store = Store())
        {
            Assert.Equal(("web.1", null), store.Attach("hello", "c0ffee000001aaaa", "web"));
            Assert.Equal(("web.2", null), store.Attach("hello", "beef00000002bbbb", "web"));
            store.Append("hello", [Line("one")], "c0ffee000001aaaa");
            store.SaveCursors();
            _time.Advance(TimeSpan.FromSeconds(3));
            last = _time.GetUtcNow();
            store.Append("hello", [Line("two")], "c0ffee000001aaaa"); // after the last save: found in the newest segment
        }

        using var reopened = Store();

        Assert.Equal(("web.1", (DateTimeOffset?)last), reopened.Attach("hello", "c0ffee000001aaaa", "web"));
        Assert.Equal(("web.2", null), reopened.Attach("hello", "0123456789ab", "web")); // web.2's container is gone: its number is free
        Assert.Equal(("worker.1", null), reopened.Attach("hello", "aaaa00000003", "worker"));
    }

    [Fact]
    public void Attach_AfterACrashBeforeTheFirstSave_AContainerSeenSinceIsKnownAndNotReadAgain()
    {
        var crashed = Store(); // never disposed before the reopen: the server was killed, nothing saved at stop
        Assert.Equal(("web.1", null), crashed.Attach("hello", "c0ffee000001aaaa", "web"));
        crashed.Append("hello", [Line("old")], "c0ffee000001aaaa");
        crashed.SaveCursors();

        // A container first seen after the last save: it wrote lines, its cursor was never saved.
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(("web.2", null), crashed.Attach("hello", "beef00000002bbbb", "web"));
        var fresh = Line("new", "hello-00002", "web.2") with { Container = "beef00000002" };
        crashed.Append("hello", [fresh], "beef00000002bbbb");

        using var reopened = Store();
        Assert.Equal(("web.2", (DateTimeOffset?)fresh.Time), reopened.Attach("hello", "beef00000002bbbb", "web"));
        Assert.Equal(("web.1", (DateTimeOffset?)fresh.Time.AddSeconds(-2)), reopened.Attach("hello", "c0ffee000001aaaa", "web"));
        crashed.Dispose();
    }
}
