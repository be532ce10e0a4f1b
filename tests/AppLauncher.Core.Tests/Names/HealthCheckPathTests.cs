using AppLauncher.Core.Names;

namespace AppLauncher.Core.Tests.Names;

public sealed class HealthCheckPathTests
{
    [Theory]
    [InlineData("/healthz")]
    [InlineData("/")]
    [InlineData("/api/v1/health?full=1")]
    [InlineData("/ready-now_2.json")]
    public void Validate_PathOnTheApp_IsValid(string path)
    {
        Assert.Null(HealthCheckPath.Validate(path));
    }

    [Theory]
    [InlineData("//evil.example/", "starts with one '/'")]
    [InlineData("http://127.0.0.1:2375/containers/json", "starts with one '/'")]
    [InlineData("healthz", "starts with one '/'")]
    [InlineData("/x/http://evil.example/", "embedded URLs")]
    [InlineData("/../admin", "'..' segments")]
    [InlineData("/a/%2e%2e/b", "'..' segments")]
    [InlineData("/a%2F..%2Fb", "encoded slashes")]
    [InlineData("/health\n", "control characters")]
    [InlineData("/health\r\nHost: evil", "control characters")]
    [InlineData("/\\evil.example", "'\\'")]
    [InlineData("/a b", "no spaces")]
    public void Validate_PathThatCouldLeaveTheApp_IsRefused(string path, string rule)
    {
        var error = HealthCheckPath.Validate(path);

        Assert.NotNull(error);
        Assert.Contains("must be an absolute URL path", error, StringComparison.Ordinal);
        Assert.Contains(rule, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("//evil.example/x")]
    [InlineData("http://evil.example/x")]
    [InlineData("/healthz")]
    [InlineData(null)]
    public void On_AnyPath_KeepsTheEndpointsSchemeHostAndPort(string? path)
    {
        var uri = HealthCheckPath.On(new Uri("http://127.0.0.1:49153/"), path);

        Assert.Equal(("http", "127.0.0.1", 49153), (uri.Scheme, uri.Host, uri.Port));
    }

    [Fact]
    public void On_PathWithQuery_KeepsPathAndQuery()
    {
        Assert.Equal("http://[::1]:8080/health?full=1", HealthCheckPath.On(new Uri("http://[::1]:8080/"), "/health?full=1").ToString());
    }
}
