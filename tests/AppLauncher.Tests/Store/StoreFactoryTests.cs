using AppLauncher.Core.Config;
using AppLauncher.Store;

namespace AppLauncher.Tests.Store;

public sealed class StoreFactoryTests
{
    [Fact]
    public void Create_Postgres_IsThePostgresStoreWithTheKeyInTheDataDirectory()
    {
        using var store = Assert.IsType<PostgresStore>(StoreFactory.Create(
            new StoreConfig { Provider = StoreConfig.Postgres, ConnectionString = "postgres://launcher:pw@127.0.0.1:5432/launcher" }, "/srv/launcher"));

        Assert.Equal("the PostgreSQL store at 127.0.0.1:5432, database launcher, user launcher", store.Description);
    }

    [Fact]
    public void Create_Default_IsTheSqliteFileInTheDataDirectory()
    {
        var store = Assert.IsType<SqliteStore>(StoreFactory.Create(new StoreConfig(), "/srv/launcher"));

        Assert.Equal("the SQLite store /srv/launcher/launcher.db", store.Description);
    }
}
