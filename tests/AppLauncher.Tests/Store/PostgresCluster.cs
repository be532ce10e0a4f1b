using System.Globalization;
using Npgsql;

namespace AppLauncher.Tests.Store;

/// <summary>
/// A real PostgreSQL 15 (Debian's <c>postgresql</c>) for the test run: a cluster made with <c>initdb</c> in a temporary
/// directory and started with <c>pg_ctl</c> on 127.0.0.1 and a free port, its unix socket in the same directory.
/// initdb refuses to run as root, so as root the cluster belongs to the <c>postgres</c> system user the package made.
/// Each test gets a database of its own (<see cref="CreateDatabaseAsync"/>).
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly TempDirectory _dir = new();
    private int _databases;

    public PostgresCluster()
        : this(LoopbackPorts.Free())
    {
    }

    // xUnit builds collection fixtures through their one public constructor: this one is reached through OnPort.
    private PostgresCluster(int port) => Port = port;

    /// <summary>A cluster on <paramref name="port"/> (e.g. one a server was told to use before the cluster existed).</summary>
    public static PostgresCluster OnPort(int port) => new(port);

    public int Port { get; }

    public string DataDirectory => Path.Combine(_dir.Path, "data");

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, Pooling = true }.ToString();

    public async Task InitializeAsync()
    {
        if (!File.Exists(Path.Combine(Bin, "initdb")))
        {
            throw new InvalidOperationException($"PostgreSQL 15 is not installed ({Bin}/initdb is missing): run scripts/setup (it installs the Debian package postgresql)");
        }

        if (Environment.UserName == "root")
        {
            await RunAsync("chown", "postgres:postgres", _dir.Path);
        }

        await RunPostgresAsync("initdb", "-D", DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync");
        await StartAsync();
    }

    /// <summary>Starts the (initialised) cluster again after <see cref="StopAsync"/>.</summary>
    public async Task StartAsync()
    {
        var options = string.Join(' ',
            $"-p {Port.ToString(CultureInfo.InvariantCulture)}", "-c listen_addresses=127.0.0.1", $"-c unix_socket_directories={_dir.Path}",
            "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off", "-c max_connections=200");
        await RunPostgresAsync("pg_ctl", "-D", DataDirectory, "-l", Path.Combine(_dir.Path, "server.log"), "-o", options, "-w", "-t", "60", "start");
    }

    /// <summary>A new, empty database, named for the test that uses it.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"t{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}"[..24];
        await ExecuteAsync("postgres", $"CREATE DATABASE {name}");
        return name;
    }

    public Task DropDatabaseAsync(string name) => ExecuteAsync("postgres", $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");

    public async Task ExecuteAsync(string database, string sql)
    {
        await using var db = new NpgsqlConnection(ConnectionString(database));
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string database, string sql)
    {
        await using var db = new NpgsqlConnection(ConnectionString(database));
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), CultureInfo.InvariantCulture);
    }

    /// <summary>Stops the server at once, as a crash or an outage would (connections are cut; data stays).</summary>
    public Task StopAsync() => RunPostgresAsync("pg_ctl", "-D", DataDirectory, "-m", "immediate", "-w", "stop");

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            await RunPostgresAsync("pg_ctl", "-D", DataDirectory, "-m", "immediate", "-w", "stop");
        }

        _dir.Dispose();
    }

    private Task RunPostgresAsync(string tool, params string[] args) =>
        Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(Bin, tool), .. args])
            : RunAsync(Path.Combine(Bin, tool), args);

    private async Task RunAsync(string file, params string[] args)
    {
        var result = await ProcessRunner.RunAsync(file, args, _dir.Path, timeout: TimeSpan.FromSeconds(90));
        if (result.ExitCode != 0)
        {
            var log = Path.Combine(_dir.Path, "server.log");
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {result}\n{(File.Exists(log) ? File.ReadAllText(log) : "")}");
        }
    }
}

/// <summary>Every PostgreSQL test class shares the run's one cluster.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "postgres";
}
