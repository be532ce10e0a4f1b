using AppLauncher.Store;

namespace AppLauncher.Tests.Store;

/// <summary>The store's contract for certificates (keys sealed at rest) and ACME accounts, run against every provider.</summary>
public abstract class StoreCertificatesTests(StoreProvider provider) : StoreContract(provider)
{
    private const string KeyPem = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n";

    private static CertificateRecord Record(string name, string? app, string? key = KeyPem) =>
        new(name, app, [name], "CN=Pebble Intermediate CA", Now, Now.AddDays(90), "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", key,
            Now.AddDays(60), null, null, 0, Now);

    [Fact]
    public async Task PutCertificateAsync_RoundTrips_AndTheKeyIsSealedAtRest()
    {
        var store = await MigratedStoreAsync();
        await store.EnsureAppAsync("web", Now, default);
        var certs = (ICertificateStore)store;

        await certs.PutCertificateAsync(Record("web.apps.test", "web"), default);

        var read = Assert.Single(await certs.ListCertificatesAsync("web", default));
        Assert.Equal(Record("web.apps.test", "web") with { Domains = read.Domains }, read);
        Assert.Equal(["web.apps.test"], read.Domains);
        Assert.Equal(0, await Provider.CountAsync("SELECT COUNT(*) FROM certificates WHERE key_pem LIKE '%PRIVATE KEY%'"));
        Assert.Equal(1, await Provider.CountAsync("SELECT COUNT(*) FROM certificates WHERE key_pem LIKE 'v1:%'"));
    }

    [Fact]
    public async Task PutCertificateAsync_SameName_ReplacesStateAndError()
    {
        var store = await MigratedStoreAsync();
        var certs = (ICertificateStore)store;
        await certs.PutCertificateAsync(Record("wildcard", null) with { Domains = ["*.apps.test"] }, default);

        await certs.PutCertificateAsync(Record("wildcard", null) with { Domains = ["*.apps.test"], LastError = "rateLimited: too many", NextAttempt = Now.AddHours(1), Failures = 3 }, default);

        var read = Assert.Single(await certs.ListCertificatesAsync(null, default));
        Assert.Equal("rateLimited: too many", read.LastError);
        Assert.Equal(Now.AddHours(1), read.NextAttempt);
        Assert.Equal(3, read.Failures);
        Assert.Null(read.App);
    }

    [Fact]
    public async Task ListCertificatesAsync_PerAppOrAll_SortedByName_PendingHasNoKey()
    {
        var store = await MigratedStoreAsync();
        await store.EnsureAppAsync("a", Now, default);
        await store.EnsureAppAsync("b", Now, default);
        var certs = (ICertificateStore)store;
        await certs.PutCertificateAsync(Record("z.apps.test", "a"), default);
        await certs.PutCertificateAsync(Record("m.apps.test", "b", key: null) with { ChainPem = null }, default);
        await certs.PutCertificateAsync(Record("b.example.com", "a"), default);

        Assert.Equal(["b.example.com", "z.apps.test"], (await certs.ListCertificatesAsync("a", default)).Select(c => c.Name));
        Assert.Equal(["b.example.com", "m.apps.test", "z.apps.test"], (await certs.ListCertificatesAsync(null, default)).Select(c => c.Name));
        Assert.Null((await certs.ListCertificatesAsync("b", default)).Single().KeyPem);
    }

    [Fact]
    public async Task DeleteAppAsync_RemovesItsCertificates_NotTheWildcard()
    {
        var store = await MigratedStoreAsync();
        await store.EnsureAppAsync("web", Now, default);
        var certs = (ICertificateStore)store;
        await certs.PutCertificateAsync(Record("web.apps.test", "web"), default);
        await certs.PutCertificateAsync(Record("wildcard", null), default);

        Assert.True(await store.DeleteAppAsync("web", default));

        Assert.Equal(["wildcard"], (await certs.ListCertificatesAsync(null, default)).Select(c => c.Name));
        Assert.True(await certs.DeleteCertificateAsync("wildcard", default));
        Assert.False(await certs.DeleteCertificateAsync("wildcard", default));
    }

    [Fact]
    public async Task AcmeAccount_OnePerDirectory_KeySealed_UrlUpdated()
    {
        var store = await MigratedStoreAsync();
        var certs = (ICertificateStore)store;
        Assert.Null(await certs.GetAcmeAccountAsync("https://acme.test/dir", default));

        await certs.PutAcmeAccountAsync(new AcmeAccountRecord("https://acme.test/dir", KeyPem, null, Now), default);
        await certs.PutAcmeAccountAsync(new AcmeAccountRecord("https://acme.test/dir", KeyPem, "https://acme.test/acct/1", Now.AddDays(1)), default);

        var account = await certs.GetAcmeAccountAsync("https://acme.test/dir", default);
        Assert.Equal(new AcmeAccountRecord("https://acme.test/dir", KeyPem, "https://acme.test/acct/1", Now), account);
        Assert.Equal(0, await Provider.CountAsync("SELECT COUNT(*) FROM acme_accounts WHERE key_pem LIKE '%PRIVATE KEY%'"));
    }
}
