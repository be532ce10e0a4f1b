using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AppLauncher.Store;

/// <summary>
/// The replicas' lease on PostgreSQL: a session advisory lock on a connection of its own. Every <see cref="Interval"/>
/// a follower tries to take it and the leader checks that its session still answers. The server releases the lock the
/// moment the leader's session ends (a stop, a crash: the kernel closes the socket), so a follower takes over at its
/// next try; a leader cut off by the network is dropped by the server's TCP keepalive (set short on this session) and
/// stops its singletons itself when its check fails.
/// </summary>
internal sealed partial class PostgresLeaderLease(string connectionString, ILogger<PostgresLeaderLease> logger, TimeProvider time) : BackgroundService, ILeaderLease
{
    /// <summary>The advisory lock the leader holds ("AppLeadr" in ASCII), apart from the migrations' lock.</summary>
    internal const long LeaderLockKey = 0x4170704C65616472;

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private TaskCompletionSource _acquired = NewSignal();
    private TaskCompletionSource _lost = NewSignal();
    private volatile bool _leader;

    public bool Sole => false;

    public bool IsLeader => _leader;

    public Task WaitAcquiredAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _acquired.Task.WaitAsync(cancellationToken);
        }
    }

    public Task WaitLostAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _lost.Task.WaitAsync(cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var builder = PostgresConnectionString.Parse(connectionString);
        // Its own session, never a pooled one: closing it must end the session, and with it the lock.
        builder.Pooling = false;
        builder.CommandTimeout = 2;
        builder.Timeout = 3;
        builder.ApplicationName = "applauncher-lease";
        NpgsqlConnection? session = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    session ??= await OpenAsync(builder, stoppingToken);
                    if (_leader)
                    {
                        await using var check = new NpgsqlCommand("SELECT 1", session);
                        await check.ExecuteScalarAsync(stoppingToken);
                    }
                    else
                    {
                        await using var take = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", session);
                        take.Parameters.AddWithValue("key", LeaderLockKey);
                        if (await take.ExecuteScalarAsync(stoppingToken) is true)
                        {
                            Acquire();
                        }
                    }
                }
                catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
                {
                    Log.SessionFailed(logger, _leader, e.Message);
                    Lose();
                    if (session is not null)
                    {
                        await session.DisposeAsync();
                        session = null;
                    }
                }

                await Task.Delay(Interval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            Lose();
            if (session is not null)
            {
                // Closing the session releases the lock at once: a follower takes over at its next try, not after a timeout.
                await session.DisposeAsync();
            }
        }
    }

    private static async Task<NpgsqlConnection> OpenAsync(NpgsqlConnectionStringBuilder builder, CancellationToken cancellationToken)
    {
        var session = new NpgsqlConnection(builder.ConnectionString);
        await session.OpenAsync(cancellationToken);
        // The server notices a leader that vanished (no FIN: a cut network, a frozen machine) within ~4 s and frees the lock.
        await using var keepalive = new NpgsqlCommand("SET tcp_keepalives_idle = 2; SET tcp_keepalives_interval = 1; SET tcp_keepalives_count = 2", session);
        await keepalive.ExecuteNonQueryAsync(cancellationToken);
        return session;
    }

    private void Acquire()
    {
        lock (_gate)
        {
            _leader = true;
            _lost = NewSignal();
            _acquired.TrySetResult();
        }

        Log.Acquired(logger);
    }

    private void Lose()
    {
        lock (_gate)
        {
            if (!_leader)
            {
                return;
            }

            _leader = false;
            _acquired = NewSignal();
            _lost.TrySetResult();
        }

        Log.Lost(logger);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "This replica holds the leader lease: it runs the singletons (autoscaler, DNS registrar, GC, certificates, polls)")]
        public static partial void Acquired(ILogger logger);

        [LoggerMessage(2, LogLevel.Warning, "This replica lost the leader lease: its singletons stop; another replica takes them over")]
        public static partial void Lost(ILogger logger);

        [LoggerMessage(3, LogLevel.Warning, "The leader lease's database session failed (leader: {Leader}); trying again: {Reason}")]
        public static partial void SessionFailed(ILogger logger, bool leader, string reason);
    }
}
