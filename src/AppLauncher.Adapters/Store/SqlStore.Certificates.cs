using System.Data.Common;

namespace AppLauncher.Store;

/// <summary>The certificate half of the store: issued chains with their keys sealed like config values, and ACME accounts.</summary>
internal abstract partial class SqlStore : ICertificateStore
{
    private const string CertificateSelect =
        "SELECT name, app, domains, issuer, not_before, not_after, chain_pem, key_pem, renew_at, last_error, next_attempt, failures, updated_at FROM certificates";

    public async Task<IReadOnlyList<CertificateRecord>> ListCertificatesAsync(string? app, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return app is null
            ? await QueryAsync(db, CertificateSelect + " ORDER BY name", ReadCertificate, cancellationToken)
            : await QueryAsync(db, CertificateSelect + " WHERE app = @app ORDER BY name", ReadCertificate, cancellationToken, ("@app", app));
    }

    public async Task PutCertificateAsync(CertificateRecord c, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        if (c.KeyPem is not null)
        {
            await CheckKeyAsync(db, cancellationToken);
        }

        await ExecuteAsync(db, null,
            """
            INSERT INTO certificates (name, app, domains, issuer, not_before, not_after, chain_pem, key_pem, renew_at, last_error, next_attempt, failures, updated_at)
            VALUES (@name, @app, @domains, @issuer, @notBefore, @notAfter, @chain, @key, @renewAt, @error, @next, @failures, @now)
            ON CONFLICT (name) DO UPDATE SET app = excluded.app, domains = excluded.domains, issuer = excluded.issuer, not_before = excluded.not_before,
                not_after = excluded.not_after, chain_pem = excluded.chain_pem, key_pem = excluded.key_pem, renew_at = excluded.renew_at,
                last_error = excluded.last_error, next_attempt = excluded.next_attempt, failures = excluded.failures, updated_at = excluded.updated_at
            """, cancellationToken,
            ("@name", c.Name), ("@app", c.App), ("@domains", string.Join(' ', c.Domains)), ("@issuer", c.Issuer),
            ("@notBefore", OptionalTimestamp(c.NotBefore)), ("@notAfter", OptionalTimestamp(c.NotAfter)), ("@chain", c.ChainPem),
            ("@key", c.KeyPem is null ? null : secrets.Seal(c.KeyPem, CertificateKeyContext(c.Name))),
            ("@renewAt", OptionalTimestamp(c.RenewAt)), ("@error", c.LastError), ("@next", OptionalTimestamp(c.NextAttempt)), ("@failures", c.Failures),
            ("@now", Timestamp(c.UpdatedAt)));
    }

    public async Task<bool> DeleteCertificateAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return await ScalarAsync<long>(db, null, "DELETE FROM certificates WHERE name = @name RETURNING 1", cancellationToken, ("@name", name)) == 1;
    }

    public async Task<AcmeAccountRecord?> GetAcmeAccountAsync(string directory, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        return (await QueryAsync(db, "SELECT directory, key_pem, url, created_at FROM acme_accounts WHERE directory = @directory",
            r => new AcmeAccountRecord(r.GetString(0), secrets.Open(r.GetString(1), AccountKeyContext(r.GetString(0))), NullableString(r, 2), ReadTimestamp(r, 3)),
            cancellationToken, ("@directory", directory))).SingleOrDefault();
    }

    public async Task PutAcmeAccountAsync(AcmeAccountRecord account, CancellationToken cancellationToken)
    {
        await using var db = await OpenAsync(cancellationToken);
        await CheckKeyAsync(db, cancellationToken);
        await ExecuteAsync(db, null,
            """
            INSERT INTO acme_accounts (directory, key_pem, url, created_at) VALUES (@directory, @key, @url, @now)
            ON CONFLICT (directory) DO UPDATE SET key_pem = excluded.key_pem, url = excluded.url
            """, cancellationToken,
            ("@directory", account.Directory), ("@key", secrets.Seal(account.KeyPem, AccountKeyContext(account.Directory))), ("@url", account.Url),
            ("@now", Timestamp(account.CreatedAt)));
    }

    private CertificateRecord ReadCertificate(DbDataReader r) =>
        new(r.GetString(0), NullableString(r, 1), r.GetString(2).Split(' ', StringSplitOptions.RemoveEmptyEntries), NullableString(r, 3),
            NullableTimestamp(r, 4), NullableTimestamp(r, 5), NullableString(r, 6),
            r.IsDBNull(7) ? null : secrets.Open(r.GetString(7), CertificateKeyContext(r.GetString(0))),
            NullableTimestamp(r, 8), NullableString(r, 9), NullableTimestamp(r, 10), r.GetInt32(11), ReadTimestamp(r, 12));

    private object? OptionalTimestamp(DateTimeOffset? value) => value is { } v ? Timestamp(v) : null;

    private static string CertificateKeyContext(string name) => $"the private key of certificate {name}";

    private static string AccountKeyContext(string directory) => $"the ACME account key for {directory}";
}
