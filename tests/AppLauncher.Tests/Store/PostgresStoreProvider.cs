using AppLauncher.Security;
using AppLauncher.Store;

namespace AppLauncher.Tests.Store;

/// <summary>A fresh database on the run's PostgreSQL cluster; the secrets key in a temporary directory, as on a real server.</summary>
public sealed class PostgresStoreProvider(PostgresCluster cluster) : StoreProvider
{
    private readonly TempDirectory _dir = new();
    private readonly List<PostgresStore> _stores = [];
    private string? _database;

    public override string KeyPath => Path.Combine(_dir.Path, SecretBox.KeyFileName);

    public string Database => _database ?? throw new InvalidOperationException("call InitializeAsync first");

    public override async Task InitializeAsync() => _database = await cluster.CreateDatabaseAsync();

    internal override IStore Create() => Create(KeyPath);

    internal override IStore Create(string keyPath)
    {
        var store = new PostgresStore(cluster.ConnectionString(Database), new SecretBox(keyPath));
        _stores.Add(store);
        return store;
    }

    public override Task ExecuteAsync(string sql) => cluster.ExecuteAsync(Database, sql);

    public override Task<long> CountAsync(string sql) => cluster.ScalarAsync<long>(Database, sql);

    public override async Task<byte[]> ReadBytesAtRestAsync()
    {
        var oid = await cluster.ScalarAsync<uint>(Database, "CHECKPOINT; SELECT oid FROM pg_database WHERE datname = current_database()");
        var files = Directory.GetFiles(Path.Combine(cluster.DataDirectory, "base", oid.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Concat(Directory.GetFiles(Path.Combine(cluster.DataDirectory, "pg_wal")));
        return files.SelectMany(File.ReadAllBytes).ToArray();
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        if (_database is not null)
        {
            await cluster.DropDatabaseAsync(_database);
        }

        _dir.Dispose();
    }
}
