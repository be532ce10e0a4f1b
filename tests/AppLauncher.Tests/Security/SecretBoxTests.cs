using AppLauncher.Security;

namespace AppLauncher.Tests.Security;

public sealed class SecretBoxTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private string KeyPath => Path.Combine(_dir.Path, SecretBox.KeyFileName);

    [Fact]
    public void SealThenOpen_RoundTrips()
    {
        var box = new SecretBox(KeyPath);

        var sealedValue = box.Seal("postgres://user:pä55@db/app", "config var DATABASE_URL of hello");

        Assert.Equal("postgres://user:pä55@db/app", new SecretBox(KeyPath).Open(sealedValue, "config var DATABASE_URL of hello"));
        Assert.Matches("^v1:[0-9a-f]{8}:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$", sealedValue);
        Assert.DoesNotContain("pä55", sealedValue, StringComparison.Ordinal);
    }

    [Fact]
    public void Seal_SameValueTwice_UsesAFreshNonce()
    {
        var box = new SecretBox(KeyPath);

        Assert.NotEqual(box.Seal("same", "c"), box.Seal("same", "c"));
    }

    [Fact]
    public void Seal_FirstTime_MakesTheKeyFileReadableByTheOwnerOnly()
    {
        new SecretBox(KeyPath).Seal("x", "c");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyPath));
        Assert.Equal(32, Convert.FromBase64String(File.ReadAllText(KeyPath).Trim()).Length);
    }

    [Fact]
    public void Open_AlteredCiphertext_FailsTheIntegrityCheck()
    {
        var box = new SecretBox(KeyPath);
        var parts = box.Seal("top secret value", "c").Split(':');
        var ciphertext = Convert.FromBase64String(parts[3]);
        ciphertext[0] ^= 1;
        parts[3] = Convert.ToBase64String(ciphertext);

        var e = Assert.Throws<SecretsException>(() => box.Open(string.Join(':', parts), "c"));
        Assert.Contains("fails its integrity check", e.Message);
    }

    [Fact]
    public void Open_ValueCopiedToAnotherContext_Fails()
    {
        var box = new SecretBox(KeyPath);
        var secret = box.Seal("top secret value", "config var TOKEN of hello");

        Assert.Throws<SecretsException>(() => box.Open(secret, "config var GREETING of hello"));
    }

    [Fact]
    public void Open_KeyFileMissing_SaysWhichFileToRestore()
    {
        var sealedValue = new SecretBox(KeyPath).Seal("x", "c");
        File.Delete(KeyPath);

        var e = Assert.Throws<SecretsException>(() => new SecretBox(KeyPath).Open(sealedValue, "c"));
        Assert.Contains($"{KeyPath} is missing", e.Message);
        Assert.False(File.Exists(KeyPath), "opening must not make a new key");
    }

    [Fact]
    public void Open_AnotherKey_SaysTheKeysDiffer()
    {
        var sealedValue = new SecretBox(KeyPath).Seal("x", "c");
        File.Delete(KeyPath);
        new SecretBox(KeyPath).Seal("y", "c");

        var e = Assert.Throws<SecretsException>(() => new SecretBox(KeyPath).Open(sealedValue, "c"));
        Assert.Contains("put the original secrets.key back", e.Message);
    }

    [Fact]
    public void Redact_MasksEverySecretValue()
    {
        Assert.Equal("db ******** and ******** end", SecretRedactor.Redact("db hunter2 and hunter2-long end", ["hunter2", "hunter2-long", ""]));
    }

    public void Dispose() => _dir.Dispose();
}
