using AppLauncher.Core.Domains;

namespace AppLauncher.Core.Tests.Domains;

public sealed class RequestHostTests
{
    [Theory]
    [InlineData("hello.localhost", "hello.localhost")]
    [InlineData("hello.localhost.", "hello.localhost")]
    [InlineData("HELLO.LocalHost.", "hello.localhost")]
    [InlineData("localhost", "localhost")]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("[::1]", "[::1]")]
    [InlineData("[FE80::1]", "[fe80::1]")]
    [InlineData("candidate-hello.apps.example.com", "candidate-hello.apps.example.com")]
    [InlineData("under_score.localhost", "under_score.localhost")]
    public void Check_HostName_IsNormalized(string host, string expected)
    {
        var result = RequestHost.Check(host);

        Assert.Null(result.Error);
        Assert.Equal(expected, result.Host);
    }

    [Theory]
    [InlineData("", "no Host")]
    [InlineData(".", "empty label")]
    [InlineData(".localhost", "empty label")]
    [InlineData("hello..localhost", "empty label")]
    [InlineData("hello.localhost..", "empty label")]
    [InlineData("hel%6co.localhost", "U+0025")]
    [InlineData("hello\0.localhost", "U+0000")]
    [InlineData("hellö.localhost", "U+00F6")]
    [InlineData("a:b:c", "U+003A")]
    [InlineData("[::1", "bracketed IPv6")]
    [InlineData("[127.0.0.1]", "bracketed IPv6")]
    [InlineData("[]", "bracketed IPv6")]
    public void Check_HostileHost_SaysWhy(string host, string expected)
    {
        var result = RequestHost.Check(host);

        Assert.Null(result.Host);
        Assert.Contains(expected, result.Error);
    }

    [Fact]
    public void Check_LongHosts_AreRefusedPastTheDnsLimits()
    {
        var label63 = new string('a', 63);
        var name253 = string.Join('.', label63, label63, label63, new string('a', 61));

        Assert.Equal(name253, RequestHost.Check(name253).Host);
        Assert.Equal(name253, RequestHost.Check(name253 + ".").Host);
        Assert.Contains("at most 253", RequestHost.Check(name253 + "a").Error);
        Assert.Contains("at most 63", RequestHost.Check(label63 + "a.localhost").Error);
        Assert.Equal(label63 + ".localhost", RequestHost.Check(label63 + ".localhost").Host);
    }

    [Fact]
    public void Check_ControlCharacters_AreNotRepeatedInTheMessage()
    {
        var error = RequestHost.Check("a\u0001b.localhost").Error!;

        Assert.DoesNotContain('\u0001', error);
        Assert.Contains("a?b.localhost", error);
    }
}
