using System.Net;
using System.Security.Cryptography.X509Certificates;
using AppLauncher.Certificates;
using AppLauncher.Security;
using Microsoft.Extensions.Time.Testing;

namespace AppLauncher.Tests.Certificates;

/// <summary>The local CA on a real directory: made once, read back, its key sealed; damaged files named at start; leaves that chain and renew.</summary>
public sealed class LocalCertificateAuthorityTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    private string Directory => Path.Combine(_data.Path, "tls");

    private string RootPath => Path.Combine(Directory, LocalCertificateAuthority.RootFileName);

    private string KeyPath => Path.Combine(Directory, LocalCertificateAuthority.KeyFileName);

    private SecretBox Secrets => new(Path.Combine(_data.Path, SecretBox.KeyFileName));

    public void Dispose() => _data.Dispose();

    [Fact]
    public void LoadOrCreate_FirstStart_MakesAP256RootWhoseKeyIsSealedAndOwnerOnly_AndTheNextStartReadsIt()
    {
        using var first = LocalCertificateAuthority.LoadOrCreate(Directory, Secrets, _time);
        using var second = LocalCertificateAuthority.LoadOrCreate(Directory, Secrets, _time);

        Assert.Equal(first.Root.Thumbprint, second.Root.Thumbprint);
        Assert.True(first.Root.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.Equal(256, first.Root.GetECDsaPublicKey()!.KeySize);
        Assert.True(first.Root.NotAfter > DateTime.UtcNow.AddYears(9));
        Assert.False(first.Root.HasPrivateKey);
        var key = File.ReadAllText(KeyPath);
        Assert.StartsWith("v1:", key);
        Assert.DoesNotContain("PRIVATE KEY", key);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyPath));
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", File.ReadAllText(RootPath));
    }

    [Fact]
    public void Issue_ALeaf_ChainsToTheRootForItsNamesAndLastsAWeek()
    {
        using var ca = LocalCertificateAuthority.LoadOrCreate(Directory, Secrets, _time);

        using var leaf = ca.Issue(["hello.localhost"], [IPAddress.Loopback]);

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca.Root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = _time.GetUtcNow().UtcDateTime;
        Assert.True(chain.Build(leaf), string.Join(", ", chain.ChainStatus.Select(s => s.StatusInformation)));
        Assert.True(leaf.HasPrivateKey);
        Assert.True(leaf.MatchesHostname("hello.localhost"));
        Assert.False(leaf.MatchesHostname("other.localhost"));
        Assert.Contains("127.0.0.1", leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateIPAddresses().Select(a => a.ToString()));
        Assert.Equal(_time.GetUtcNow().UtcDateTime.AddDays(7), leaf.NotAfter.ToUniversalTime(), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Leaves_AreKeptUntilAThirdOfTheirLifeIsLeft_ThenRenewed()
    {
        using var ca = LocalCertificateAuthority.LoadOrCreate(Directory, Secrets, _time);
        var leaves = new LocalLeafCertificates(ca, _time, ["localhost"], [IPAddress.Loopback]);

        var first = leaves.For("hello.localhost").TargetCertificate.Thumbprint;
        _time.Advance(TimeSpan.FromDays(4));
        var kept = leaves.For("hello.localhost").TargetCertificate.Thumbprint;
        var control = leaves.ControlPlane.TargetCertificate.Thumbprint;
        _time.Advance(TimeSpan.FromDays(1));
        var renewed = leaves.For("hello.localhost").TargetCertificate;

        Assert.Equal(first, kept);
        Assert.NotEqual(first, renewed.Thumbprint);
        Assert.True(renewed.NotAfter.ToUniversalTime() > _time.GetUtcNow().UtcDateTime.AddDays(6));
        Assert.Equal(1, leaves.Count);
        Assert.True(leaves.ControlPlane.TargetCertificate.MatchesHostname("localhost"));
        Assert.Equal(control, leaves.ControlPlane.TargetCertificate.Thumbprint);
    }

    [Fact]
    public void LoadOrCreate_WithADamagedRoot_NamesTheFileAndSaysToDeleteIt()
    {
        LocalCertificateAuthority.LoadOrCreate(Directory, Secrets, _time).Dispose();
        File.WriteAllText(RootPath, "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n");

        var e = Assert.Throws<CertificateFileException>(() => LocalCertificateAuthority.LoadOrCreate(Directory, Secrets, _time));

        Assert.StartsWith($"{RootPath} is not a PEM certificate AppLauncher can read", e.Message);
        Assert.Contains($"delete {RootPath} and {KeyPath}", e.Message);
    }

    [Fact]
    public void LoadOrCreate_WithADamagedOrForeignKey_NamesTheKeyFile()
    {
        LocalCertificateAuthority.LoadOrCreate(Directory, Secrets, _time).Dispose();
        var original = File.ReadAllText(KeyPath);
        File.WriteAllText(KeyPath, "garbage\n");
        var damaged = Assert.Throws<CertificateFileException>(() => LocalCertificateAuthority.LoadOrCreate(Directory, Secrets, _time));

        // Another CA's key (sealed with the same secrets key): it opens, but it is not this root's.
        using var other = new TempDirectory();
        LocalCertificateAuthority.LoadOrCreate(other.Path, Secrets, _time).Dispose();
        File.Copy(Path.Combine(other.Path, LocalCertificateAuthority.KeyFileName), KeyPath, overwrite: true);
        var foreign = Assert.Throws<CertificateFileException>(() => LocalCertificateAuthority.LoadOrCreate(Directory, Secrets, _time));

        Assert.StartsWith($"{KeyPath} cannot be opened", damaged.Message);
        Assert.StartsWith($"{KeyPath} does not hold the private key of {RootPath}", foreign.Message);
        Assert.NotEqual(original, File.ReadAllText(KeyPath));
    }

    [Fact]
    public void LoadOrCreate_WithHalfAPair_NamesTheMissingFile()
    {
        LocalCertificateAuthority.LoadOrCreate(Directory, Secrets, _time).Dispose();
        File.Delete(KeyPath);

        var e = Assert.Throws<CertificateFileException>(() => LocalCertificateAuthority.LoadOrCreate(Directory, Secrets, _time));

        Assert.StartsWith($"{KeyPath} is missing but {RootPath} is there", e.Message);
    }
}
