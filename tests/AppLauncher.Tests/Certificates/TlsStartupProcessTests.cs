using System.Net;
using System.Net.Sockets;

namespace AppLauncher.Tests.Certificates;

/// <summary>The real server binary, started as a user would, with a damaged local CA or its HTTPS port taken.</summary>
public sealed class TlsStartupProcessTests
{
    private static string Server => Path.Combine(AppContext.BaseDirectory, "AppLauncher.Host.dll");

    [Fact]
    public async Task Start_WithAMalformedRootOnDisk_StopsWithExitCode2NamingTheFile()
    {
        using var dir = new TempDirectory();
        var tls = Directory.CreateDirectory(Path.Combine(dir.Path, "data", "tls")).FullName;
        await File.WriteAllTextAsync(Path.Combine(tls, "local-ca.crt"), "not a certificate\n");
        await File.WriteAllTextAsync(Path.Combine(tls, "local-ca.key"), "v1:nope\n");

        var result = await ProcessRunner.RunAsync("dotnet", [Server], dir.Path, Environment(dir, LoopbackPorts.Free(), LoopbackPorts.Free()), TimeSpan.FromSeconds(60));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"AppLauncher cannot start: {Path.Combine(tls, "local-ca.crt")} is not a PEM certificate", result.Output);
        Assert.Contains("start again to make a new local CA", result.Output);
        Assert.DoesNotContain("   at ", result.Output);
    }

    [Fact]
    public async Task Start_WithTheHttpsPortTaken_StopsWithExitCode2AndSaysWhatToChange()
    {
        using var dir = new TempDirectory();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var result = await ProcessRunner.RunAsync("dotnet", [Server], dir.Path, Environment(dir, LoopbackPorts.Free(), port), TimeSpan.FromSeconds(60));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"https://127.0.0.1:{port}", result.Output);
        Assert.Contains("is in use: another process listens there", result.Output);
        Assert.Contains("tls.listen or LAUNCHER_TLS_LISTEN", result.Output);
        Assert.DoesNotContain("   at ", result.Output);
    }

    private static Dictionary<string, string> Environment(TempDirectory dir, int http, int https) => new()
    {
        ["LAUNCHER_DATA"] = Path.Combine(dir.Path, "data"),
        ["LAUNCHER_LISTEN"] = $"http://127.0.0.1:{http}",
        ["LAUNCHER_TLS_LISTEN"] = $"https://127.0.0.1:{https}",
        ["LAUNCHER_ADMIN_TOKEN"] = "process-test-token",
    };
}
