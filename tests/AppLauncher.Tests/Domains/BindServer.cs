using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace AppLauncher.Tests.Domains;

/// <summary>
/// A real BIND 9 (<c>named</c> from Debian bind9) in the foreground on 127.0.0.1 and a free port, with two zones
/// (<c>apps.test</c> and <c>launcher-custom.net</c>, which a custom domain may be: .test is reserved) that take RFC 2136 updates signed with a TSIG key made for the run.
/// Its files (configuration, zones, journals) live in a temporary directory.
/// </summary>
public sealed class BindServer : IAsyncLifetime
{
    public const string KeyName = "launcher-key";
    public const string AppsZone = "apps.test";
    public const string CustomZone = "launcher-custom.net";

    private readonly TempDirectory _dir = new();
    private Process? _named;
    private readonly System.Text.StringBuilder _log = new();

    public int Port { get; } = FreeUdpAndTcpPort();

    public string KeySecret { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public string Endpoint => $"127.0.0.1:{Port}";

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public async Task InitializeAsync()
    {
        var dir = _dir.Path;
        await File.WriteAllTextAsync(Path.Combine(dir, "named.conf"), $$"""
            key "{{KeyName}}" { algorithm hmac-sha256; secret "{{KeySecret}}"; };
            options {
                directory "{{dir}}";
                pid-file "{{dir}}/named.pid";
                session-keyfile "{{dir}}/session.key";
                listen-on port {{Port}} { 127.0.0.1; };
                listen-on-v6 { none; };
                recursion no;
                dnssec-validation no;
                notify no;
            };
            controls { };
            zone "{{AppsZone}}" { type primary; file "{{dir}}/{{AppsZone}}.zone"; update-policy { grant {{KeyName}} zonesub ANY; }; };
            zone "{{CustomZone}}" { type primary; file "{{dir}}/{{CustomZone}}.zone"; update-policy { grant {{KeyName}} zonesub ANY; }; };
            """);
        foreach (var zone in new[] { AppsZone, CustomZone })
        {
            await File.WriteAllTextAsync(Path.Combine(dir, $"{zone}.zone"), $"""
                $TTL 60
                @ IN SOA ns.{zone}. hostmaster.{zone}. 1 3600 600 86400 60
                @ IN NS ns.{zone}.
                ns IN A 127.0.0.1

                """);
        }

        // Debian installs named in /usr/sbin, which is not on a non-root user's PATH.
        var named = File.Exists("/usr/sbin/named") ? "/usr/sbin/named" : "named";
        var start = new ProcessStartInfo(named) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-g", "-c", Path.Combine(dir, "named.conf"), "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-n", "1" })
        {
            start.ArgumentList.Add(arg);
        }

        _named = Process.Start(start) ?? throw new InvalidOperationException("could not start named");
        _named.ErrorDataReceived += (_, e) => Append(e.Data);
        _named.OutputDataReceived += (_, e) => Append(e.Data);
        _named.BeginErrorReadLine();
        _named.BeginOutputReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (_named.HasExited)
            {
                throw new InvalidOperationException($"named exited ({_named.ExitCode}):\n{Log}");
            }

            var answer = await Dig.QueryAsync(Port, AppsZone, "SOA");
            if (answer.Status == "NOERROR")
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"named did not answer on 127.0.0.1:{Port} within 30 s:\n{Log}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Changes a zone with the real <c>nsupdate</c>, signed with the run's key (what a domain's owner does at their DNS provider).</summary>
    public async Task UpdateAsync(string zone, params string[] commands)
    {
        var keyFile = Path.Combine(_dir.Path, "nsupdate.key");
        await File.WriteAllTextAsync(keyFile, $"key \"{KeyName}\" {{ algorithm hmac-sha256; secret \"{KeySecret}\"; }};\n");
        var script = Path.Combine(_dir.Path, "nsupdate.txt");
        await File.WriteAllTextAsync(script, $"server 127.0.0.1 {Port}\nzone {zone}\n{string.Join('\n', commands)}\nsend\n");
        var result = await ProcessRunner.RunAsync("nsupdate", ["-k", keyFile, script], "/", timeout: TimeSpan.FromSeconds(30));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"nsupdate failed: {result}");
        }
    }

    public async Task DisposeAsync()
    {
        if (_named is { HasExited: false })
        {
            _named.Kill(entireProcessTree: true);
            await _named.WaitForExitAsync();
        }

        _named?.Dispose();
        _dir.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    /// <summary>A port free for both TCP and UDP on 127.0.0.1 (DNS uses both).</summary>
    internal static int FreeUdpAndTcpPort()
    {
        for (var i = 0; ; i++)
        {
            using var tcp = new TcpListener(IPAddress.Loopback, 0);
            tcp.Start();
            var port = ((IPEndPoint)tcp.LocalEndpoint).Port;
            try
            {
                using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException) when (i < 20)
            {
            }
        }
    }
}
