using AppLauncher.Tests.EndToEnd;

namespace AppLauncher.Tests.Remote;

/// <summary>An AppLauncher server (polls allowed every 10 s) and a real Git server on loopback, shared by the remote tests.</summary>
public sealed class RemoteServers : IAsyncLifetime
{
    internal GitHttpServer Git { get; } = new();

    public LauncherFixture Launcher { get; } = new() { Configure = c => c.Remotes.MinPollSeconds = 10 };

    public async Task InitializeAsync()
    {
        await Git.StartAsync();
        await Launcher.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Launcher.DisposeAsync();
        await Git.DisposeAsync();
    }
}
