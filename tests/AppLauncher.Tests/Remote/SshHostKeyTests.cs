using AppLauncher.GitFetch;

namespace AppLauncher.Tests.Remote;

public sealed class SshHostKeyTests
{
    // An ed25519 public key's wire form: 51 bytes of base64 (the algorithm name and 32 key bytes).
    private const string Key = "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

    [Theory]
    [InlineData("ssh-ed25519 " + Key)]
    [InlineData("ssh-ed25519 " + Key + " root@server")]              // a .pub file's line
    [InlineData("[127.0.0.1]:2222 ssh-ed25519 " + Key)]              // a known_hosts / ssh-keyscan line
    public void Parse_TheFormsPeopleHave_GiveTypeAndKey(string text) =>
        Assert.Equal(new SshHostKey("ssh-ed25519", Key), SshHostKey.Parse(text).Key);

    [Theory]
    [InlineData("")]
    [InlineData("not a key")]
    [InlineData("ssh-ed25519")]
    [InlineData("ssh-ed25519 !!!notbase64!!!")]
    [InlineData("ssh-ed25519 " + Key + "\nssh-ed25519 " + Key)]      // two lines: one key is pinned, not a list
    public void Parse_NotOneKeyLine_SaysWhatIsExpected(string text)
    {
        var (key, error) = SshHostKey.Parse(text);

        Assert.Null(key);
        Assert.Contains("one public key line", error);
    }

    [Fact]
    public void Fingerprint_IsSsh256AsSshKeygenPrintsIt() =>
        Assert.Matches("^SHA256:[A-Za-z0-9+/]{43}$", new SshHostKey("ssh-ed25519", Key).Fingerprint);

    [Fact]
    public void SealedText_RoundTripsTheDeployKeyAndThePinnedHostKey()
    {
        const string privateKey = "-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----";
        var pinned = new SshHostKey("ssh-ed25519", Key);

        var withKey = RemoteCredentials.Parse(RemoteCredentials.SshKey(privateKey, pinned)).Credentials!;
        var without = RemoteCredentials.Parse("ssh-key:" + privateKey).Credentials!;

        Assert.Equal(("ssh-key", privateKey + "\n", pinned), (withKey.Kind, withKey.Secret, withKey.HostKey));
        Assert.Equal((privateKey + "\n", (SshHostKey?)null), (without.Secret, without.HostKey));
        Assert.DoesNotContain("PRIVATE", withKey.ToString());
    }
}
