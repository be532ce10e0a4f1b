using System.Text;
using AppLauncher.Core.Apps;
using AppLauncher.Security;
using AppLauncher.Store;

namespace AppLauncher.Tests.Store;

/// <summary>The store's contract for config vars and revision environments: encrypted at rest, immutable per revision. Run against every provider.</summary>
public abstract class StoreConfigTests(StoreProvider provider) : StoreContract(provider)
{
    private const string Secret = "pw-9f2c41d7e8b3";

    private async Task<IStore> StoreAsync()
    {
        var store = await MigratedStoreAsync();
        await store.EnsureAppAsync("hello", Now, default);
        return store;
    }

    private static Dictionary<string, ConfigValue> Vars(params (string Key, string Value, bool Secret)[] vars) =>
        vars.ToDictionary(v => v.Key, v => new ConfigValue(v.Value, v.Secret));

    [Fact]
    public async Task ChangeConfigAsync_SetsUpdatesAndUnsets()
    {
        var store = await StoreAsync();

        await store.ChangeConfigAsync("hello", Vars(("FOO", "1", false), ("BAR", "2", false), ("TOKEN", Secret, true)), [], "ann@example.com", Now, default);
        await store.ChangeConfigAsync("hello", Vars(("FOO", "one", false)), ["BAR"], "bob@example.com", Now.AddMinutes(1), default);
        var vars = await store.ListConfigAsync("hello", default);

        Assert.Equal(["FOO", "TOKEN"], vars.Select(v => v.Key));
        Assert.Equal(("one", false, "bob@example.com", Now.AddMinutes(1)), (vars[0].Value, vars[0].Secret, vars[0].UpdatedBy, vars[0].UpdatedAt));
        Assert.Equal((Secret, true, "ann@example.com"), (vars[1].Value, vars[1].Secret, vars[1].UpdatedBy));
        Assert.DoesNotContain(Secret, vars[1].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddRevisionAsync_KeepsItsEnvironmentWhenTheConfigChangesLater()
    {
        var store = await StoreAsync();
        await store.ChangeConfigAsync("hello", Vars(("TOKEN", Secret, true)), [], "ann", Now, default);
        var added = await store.AddRevisionAsync("hello", "img", "sha256:1", "c1", "node", Now, default,
            env: await store.EnvironmentAsync("hello", default), change: "set TOKEN", actor: "ann@example.com");

        await store.ChangeConfigAsync("hello", Vars(("TOKEN", "rotated", true)), [], "ann", Now, default);
        var read = await store.GetRevisionAsync(added.Name, default);

        Assert.Equal(new Dictionary<string, string> { ["TOKEN"] = Secret }, read!.Env);
        Assert.Equal(("set TOKEN", "ann@example.com"), (read.Change, read.Actor));
        Assert.Equal(read.Env, (await store.ListRevisionsAsync("hello", default)).Single().Env);
    }

    [Fact]
    public async Task DatabaseAtRest_NeverHoldsAValueInPlainText()
    {
        var store = await StoreAsync();
        await store.ChangeConfigAsync("hello", Vars(("TOKEN", Secret, true), ("PLAIN", "plain-value-77aa", false)), [], "ann", Now, default);
        await store.AddRevisionAsync("hello", "img", "sha256:1", "c1", "node", Now, default, env: await store.EnvironmentAsync("hello", default));
        var bytes = await Provider.ReadBytesAtRestAsync();

        Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes("TOKEN")) >= 0, "the key names are stored (so the search below reads the right bytes)");
        Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Secret)) < 0, "the secret is in the database file");
        Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes("plain-value-77aa")) < 0, "a non-secret value is in the database file");
    }

    [Fact]
    public async Task DeleteAppAsync_RemovesItsConfig()
    {
        var store = await StoreAsync();
        await store.ChangeConfigAsync("hello", Vars(("FOO", "1", false)), [], "ann", Now, default);

        Assert.True(await store.DeleteAppAsync("hello", default));
        await store.EnsureAppAsync("hello", Now, default);

        Assert.Empty(await store.ListConfigAsync("hello", default));
    }

    [Fact]
    public async Task MigrateAsync_KeyFileMissingWhileEncryptedDataExists_FailsNamingTheFile()
    {
        var store = await StoreAsync();
        await store.ChangeConfigAsync("hello", Vars(("FOO", "1", false)), [], "ann", Now, default);
        File.Delete(Provider.KeyPath);

        var e = await Assert.ThrowsAsync<SecretsException>(() => Provider.Create().MigrateAsync(default));

        Assert.Contains($"{Provider.KeyPath} is missing", e.Message);
    }

    [Fact]
    public async Task MigrateAsync_NoEncryptedData_NeedsNoKey()
    {
        await StoreAsync();

        await Provider.Create().MigrateAsync(default);

        Assert.False(File.Exists(Provider.KeyPath));
    }

    [Fact]
    public async Task MigrateAsync_SecondServerWithAnotherKey_RefusesToStartNamingBothKeys()
    {
        var store = await StoreAsync();
        await store.ChangeConfigAsync("hello", Vars(("FOO", "1", false)), [], "ann", Now, default);
        // Nothing sealed is left to compare keys with: only the store's key check can tell.
        await store.ChangeConfigAsync("hello", Vars(), ["FOO"], "ann", Now, default);
        using var other = new TempDirectory();
        var otherKey = Path.Combine(other.Path, SecretBox.KeyFileName);
        new SecretBox(otherKey).Seal("x", "y");

        var e = await Assert.ThrowsAsync<SecretsException>(() => Provider.Create(otherKey).MigrateAsync(default));

        Assert.Contains($"sealed with key {KeyId(Provider.KeyPath)}, but {otherKey} holds key {KeyId(otherKey)}", e.Message);
        Assert.Contains("a second replica takes a copy of the first one's key", e.Message);
    }

    [Fact]
    public async Task MigrateAsync_SecondServerWithTheSameKey_Starts()
    {
        var store = await StoreAsync();
        await store.ChangeConfigAsync("hello", Vars(("FOO", "1", false)), [], "ann", Now, default);
        using var other = new TempDirectory();
        var copy = Path.Combine(other.Path, SecretBox.KeyFileName);
        File.Copy(Provider.KeyPath, copy);

        var second = Provider.Create(copy);
        await second.MigrateAsync(default);

        Assert.Equal("1", (await second.ListConfigAsync("hello", default)).Single().Value);
    }

    [Fact]
    public async Task ChangeConfigAsync_ReplicasStartedBeforeAnyKeyExisted_TheSecondKeySealsNothing()
    {
        // Both start on an empty database with no key file: neither has anything to check yet.
        var first = await StoreAsync();
        using var other = new TempDirectory();
        var otherKey = Path.Combine(other.Path, SecretBox.KeyFileName);
        var second = Provider.Create(otherKey);
        await second.MigrateAsync(default);

        await first.ChangeConfigAsync("hello", Vars(("FOO", "1", false)), [], "ann", Now, default);
        var e = await Assert.ThrowsAsync<SecretsException>(() => second.ChangeConfigAsync("hello", Vars(("BAR", "2", true)), [], "bob", Now, default));

        Assert.Contains($"{otherKey} is missing", e.Message);
        Assert.False(File.Exists(otherKey), "the second server made a key of its own");
        Assert.Equal(["FOO"], (await first.ListConfigAsync("hello", default)).Select(v => v.Key));
    }

    [Fact]
    public async Task MigrateAsync_KeyCheckRecordedButKeyFileGone_FailsNamingTheFile()
    {
        var store = await StoreAsync();
        await store.ChangeConfigAsync("hello", Vars(("FOO", "1", false)), [], "ann", Now, default);
        await store.ChangeConfigAsync("hello", Vars(), ["FOO"], "ann", Now, default);
        File.Delete(Provider.KeyPath);

        var e = await Assert.ThrowsAsync<SecretsException>(() => Provider.Create().MigrateAsync(default));

        Assert.Contains($"{Provider.KeyPath} is missing", e.Message);
    }

    private static string KeyId(string keyPath) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Convert.FromBase64String(File.ReadAllText(keyPath).Trim())))[..8];
}
