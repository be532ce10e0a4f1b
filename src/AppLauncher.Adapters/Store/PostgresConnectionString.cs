using Npgsql;

namespace AppLauncher.Store;

/// <summary>Reads a PostgreSQL connection as an Npgsql connection string or as a <c>postgres://user:password@host:port/database?sslmode=…</c> URL.</summary>
public static class PostgresConnectionString
{
    /// <summary>The Npgsql builder for <paramref name="value"/>; a <see cref="StoreException"/> that names what is wrong (never the password) otherwise.</summary>
    public static NpgsqlConnectionStringBuilder Parse(string value)
    {
        if (value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return FromUrl(value);
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(value);
            return string.IsNullOrEmpty(builder.Host)
                ? throw new StoreException("the PostgreSQL connection string names no Host: expected e.g. Host=db.example.com;Port=5432;Database=launcher;Username=launcher;Password=…")
                : builder;
        }
        catch (ArgumentException e)
        {
            throw new StoreException($"the PostgreSQL connection string is not valid ({e.Message}): expected Key=Value pairs, e.g. Host=db.example.com;Database=launcher;Username=launcher, or a postgres:// URL", e);
        }
    }

    private static NpgsqlConnectionStringBuilder FromUrl(string url)
    {
        const string Expected = "expected postgres://user:password@host:port/database";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new StoreException($"the PostgreSQL URL is not a URL with a host: {Expected}");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host.Trim('[', ']'),
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
        };
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length == 0 || database.Contains('/'))
        {
            throw new StoreException($"the PostgreSQL URL names no database (or more than one path segment): {Expected}");
        }

        builder.Database = database;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':');
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = pair.IndexOf('=') is var i and >= 0 ? (pair[..i], pair[(i + 1)..]) : (pair, "");
            key = Uri.UnescapeDataString(key);
            try
            {
                builder[key == "sslmode" ? "SSL Mode" : key] = Uri.UnescapeDataString(value);
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                throw new StoreException($"the PostgreSQL URL's parameter '{key}' is not an Npgsql connection setting with a valid value ({e.Message})", e);
            }
        }

        return builder;
    }
}
