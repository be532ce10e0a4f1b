using System.Diagnostics;
using System.Net.Sockets;

namespace AppLauncher.Tests.Remote;

/// <summary>
/// A real OpenSSH server on a free loopback port with its own host key, configuration and authorized deploy key (none
/// of the system's), serving the test Git server's repositories to <c>git fetch</c> over SSH as the user running the tests.
/// </summary>
internal sealed class SshServer : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();
    private Process? _process;

    public int Port { get; } = LoopbackPorts.Free();

    /// <summary>The deploy key's private half (the authorized key), as <c>--deploy-key</c> reads it.</summary>
    public string DeployKeyPath => Path.Combine(_dir.Path, "deploy");

    /// <summary>The server's public host key line (<c>ssh-ed25519 AAAA…</c>).</summary>
    public string HostKey { get; private set; } = "";

    /// <summary>Another key than the server's, to prove a mismatch is refused.</summary>
    public string OtherHostKey { get; private set; } = "";

    public string UrlOf(string bareRepository) => $"ssh://{Environment.UserName}@127.0.0.1:{Port}{bareRepository}";

    public async Task StartAsync()
    {
        foreach (var name in new[] { "host", "deploy", "other" })
        {
            var keygen = await ProcessRunner.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", Path.Combine(_dir.Path, name)], _dir.Path);
            Assert.True(keygen.ExitCode == 0, keygen.ToString());
        }

        HostKey = (await File.ReadAllTextAsync(Path.Combine(_dir.Path, "host.pub"))).Trim();
        OtherHostKey = (await File.ReadAllTextAsync(Path.Combine(_dir.Path, "other.pub"))).Trim();
        File.Copy(Path.Combine(_dir.Path, "deploy.pub"), Path.Combine(_dir.Path, "authorized_keys"));
        var config = Path.Combine(_dir.Path, "sshd_config");
        await File.WriteAllTextAsync(config, $"""
            Port {Port}
            ListenAddress 127.0.0.1
            HostKey {Path.Combine(_dir.Path, "host")}
            PidFile {Path.Combine(_dir.Path, "sshd.pid")}
            AuthorizedKeysFile {Path.Combine(_dir.Path, "authorized_keys")}
            StrictModes no
            UsePAM no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password
            AllowTcpForwarding no
            X11Forwarding no

            """);
        // sshd wants its privilege-separation directory even when it is not started as a system service.
        Directory.CreateDirectory("/run/sshd");
        _process = Process.Start(new ProcessStartInfo("/usr/sbin/sshd", ["-D", "-e", "-f", config]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        _ = _process.StandardError.ReadToEndAsync();
        _ = _process.StandardOutput.ReadToEndAsync();

        // Ready when it accepts connections (a state, not a time); the limit only ends a server that never comes up.
        var watch = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(_process.HasExited, $"sshd exited with code {(_process.HasExited ? _process.ExitCode : 0)}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (watch.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(50);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _dir.Dispose();
    }
}
