using AppLauncher.Store;
using Microsoft.Data.Sqlite;

namespace AppLauncher.Tests.Store;

/// <summary>A real SQLite file in a temporary directory.</summary>
public sealed class SqliteStoreProvider : StoreProvider
{
    private readonly TempDirectory _dir = new();

    private string DbPath => Path.Combine(_dir.Path, StoreFactory.DatabaseFile);

    public override string KeyPath => Path.Combine(_dir.Path, AppLauncher.Security.SecretBox.KeyFileName);

    internal override IStore Create() => new SqliteStore(DbPath);

    internal override IStore Create(string keyPath) => new SqliteStore(DbPath, new AppLauncher.Security.SecretBox(keyPath));

    public override async Task ExecuteAsync(string sql)
    {
        await using var db = new SqliteConnection($"Data Source={DbPath}");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public override async Task<long> CountAsync(string sql)
    {
        await using var db = new SqliteConnection($"Data Source={DbPath}");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public override Task<byte[]> ReadBytesAtRestAsync()
    {
        SqliteConnection.ClearAllPools();

        // The write-ahead log holds recent pages until a checkpoint: read every file the database is made of.
        var files = Directory.GetFiles(_dir.Path, StoreFactory.DatabaseFile + "*");
        Assert.Contains(DbPath, files);
        return Task.FromResult(files.SelectMany(File.ReadAllBytes).ToArray());
    }

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
        return ValueTask.CompletedTask;
    }
}
