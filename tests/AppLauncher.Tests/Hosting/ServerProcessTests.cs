namespace AppLauncher.Tests.Hosting;

/// <summary>The real server binary, started as a user would.</summary>
public sealed class ServerProcessTests
{
    [Fact]
    public async Task Start_WithBadLauncherYaml_StopsWithExitCode2AndNamesFileLineFieldAndRule()
    {
        using var dir = new TempDirectory();
        var config = Path.Combine(dir.Path, "launcher.yaml");
        await File.WriteAllTextAsync(config, "domain: localhost\ndeploy:\n  readyTimeoutSeconds: -5\n");
        var server = Path.Combine(AppContext.BaseDirectory, "AppLauncher.Host.dll");

        var result = await ProcessRunner.RunAsync("dotnet", [server], dir.Path,
            new Dictionary<string, string> { ["LAUNCHER_CONFIG"] = config, ["LAUNCHER_DATA"] = Path.Combine(dir.Path, "data") }, TimeSpan.FromSeconds(60));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("AppLauncher cannot start: the configuration is not valid.", result.Output);
        Assert.Contains($"{config}:3: deploy.readyTimeoutSeconds: must be between 1 and 3600 seconds", result.Output);
        Assert.DoesNotContain("   at ", result.Output);
    }
}
