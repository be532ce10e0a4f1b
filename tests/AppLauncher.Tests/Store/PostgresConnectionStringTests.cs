using AppLauncher.Store;

namespace AppLauncher.Tests.Store;

public sealed class PostgresConnectionStringTests
{
    [Fact]
    public void Parse_Url_BecomesAnNpgsqlConnectionString()
    {
        var builder = PostgresConnectionString.Parse("postgres://launch%40er:p%3Ass@db.example.com:6543/launcher?sslmode=require");

        Assert.Equal(("db.example.com", 6543, "launcher", "launch@er", "p:ss", Npgsql.SslMode.Require),
            (builder.Host, builder.Port, builder.Database, builder.Username, builder.Password, builder.SslMode));
    }

    [Fact]
    public void Parse_UrlWithoutPort_UsesPostgresPort()
    {
        var builder = PostgresConnectionString.Parse("postgresql://launcher@127.0.0.1/apps");

        Assert.Equal(("127.0.0.1", 5432, "apps", null), (builder.Host, builder.Port, builder.Database, builder.Password));
    }

    [Theory]
    [InlineData("postgres://user:pw@db.example.com:5432/", "names no database")]
    [InlineData("postgres://user:pw@db.example.com/launcher?colour=blue", "parameter 'colour'")]
    [InlineData("Database=launcher", "names no Host")]
    [InlineData("Hots=db;Database=launcher", "not valid")]
    public void Parse_Malformed_IsRefusedSayingWhatIsWrong(string value, string expected)
    {
        var e = Assert.Throws<StoreException>(() => PostgresConnectionString.Parse(value));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pw", e.Message.Replace("PostgreSQL", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
