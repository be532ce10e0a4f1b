using System.Diagnostics;
using AppLauncher.Store;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace AppLauncher.Tests.Store;

/// <summary>
/// The replicas' leader lease on a real PostgreSQL 15: one of two holds it, and the other takes it over when the
/// leader stops or its session dies (as when its process is killed). Failover times are printed, never asserted.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresLeaderLeaseTests(PostgresCluster cluster)
{
    [Fact]
    public async Task Lease_TwoReplicas_OneLeadsAndTheOtherTakesOverWhenTheLeaderStops()
    {
        var connection = cluster.ConnectionString(await cluster.CreateDatabaseAsync());
        using var a = new PostgresLeaderLease(connection, NullLogger<PostgresLeaderLease>.Instance, TimeProvider.System);
        using var b = new PostgresLeaderLease(connection, NullLogger<PostgresLeaderLease>.Instance, TimeProvider.System);
        await a.StartAsync(default);
        await a.WaitAcquiredAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        await b.StartAsync(default);
        await WaitForSessionsAsync(connection, 2);
        // b has tried at least once by now (its session is open): the lock is a's, so b must not lead.
        await Task.Delay(PostgresLeaderLease.Interval * 2);
        Assert.True(a.IsLeader);
        Assert.False(b.IsLeader);

        var watch = Stopwatch.StartNew();
        await a.StopAsync(default);
        await b.WaitAcquiredAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        Console.WriteLine($"leader lease: graceful stop → follower leads after {watch.Elapsed.TotalMilliseconds:0} ms");
        Assert.False(a.IsLeader);
        Assert.True(b.IsLeader);
        await b.StopAsync(default);
    }

    [Fact]
    public async Task Lease_LeaderSessionKilled_LeaderStepsDownAndTheOtherTakesOver()
    {
        var connection = cluster.ConnectionString(await cluster.CreateDatabaseAsync());
        using var a = new PostgresLeaderLease(connection, NullLogger<PostgresLeaderLease>.Instance, TimeProvider.System);
        await a.StartAsync(default);
        await a.WaitAcquiredAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        var lost = a.WaitLostAsync(default);
        using var b = new PostgresLeaderLease(connection, NullLogger<PostgresLeaderLease>.Instance, TimeProvider.System);
        await b.StartAsync(default);
        await WaitForSessionsAsync(connection, 2);

        // The leader's session ends the way a killed process's does: the server drops it, and with it the lock.
        var watch = Stopwatch.StartNew();
        await using (var admin = new NpgsqlConnection(connection))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand(
                $"SELECT pg_terminate_backend(l.pid) FROM pg_locks l WHERE l.locktype = 'advisory' AND l.objid = {PostgresLeaderLease.LeaderLockKey & 0xFFFFFFFF} AND l.granted", admin);
            Assert.Equal(true, await kill.ExecuteScalarAsync());
        }

        await b.WaitAcquiredAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        var takeover = watch.Elapsed;
        await lost.WaitAsync(TimeSpan.FromSeconds(30));
        Console.WriteLine($"leader lease: leader's session killed → follower leads after {takeover.TotalMilliseconds:0} ms, old leader stepped down after {watch.Elapsed.TotalMilliseconds:0} ms");
        Assert.True(b.IsLeader);
        Assert.False(a.IsLeader);
        await a.StopAsync(default);
        await b.StopAsync(default);
    }

    private static async Task WaitForSessionsAsync(string connection, int count)
    {
        await using var admin = new NpgsqlConnection(connection);
        await admin.OpenAsync();
        for (var i = 0; i < 600; i++)
        {
            await using var sessions = new NpgsqlCommand("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = 'applauncher-lease' AND datname = current_database()", admin);
            if (Convert.ToInt32(await sessions.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) >= count)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"{count} lease sessions never opened");
    }
}
