using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AppLauncher.Runtime;
using Docker.DotNet;

namespace AppLauncher.Tests.Runtime;

/// <summary>Publishing an image: the real Docker engine pushes to a real OCI distribution registry (Debian's docker-registry) on 127.0.0.1.</summary>
public sealed class DockerRegistryPublisherTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly int _port = LoopbackPorts.Free();
    private readonly int _deadPort = LoopbackPorts.Free();
    private readonly string _image = $"launcher-test/tiny-{Guid.NewGuid():N}"[..32] + ":v1";
    private Process? _registry;

    private string Registry => $"127.0.0.1:{_port}";

    public async Task InitializeAsync()
    {
        const string binary = "/usr/bin/docker-registry";
        Assert.True(File.Exists(binary), $"{binary} is missing: run scripts/setup (it installs the Debian package docker-registry)");
        var config = Path.Combine(_dir.Path, "config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: {Path.Combine(_dir.Path, "data")}
            http:
              addr: {Registry}
            """);
        _registry = Process.Start(new ProcessStartInfo(binary, ["serve", config]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        _registry.BeginErrorReadLine();
        _registry.BeginOutputReadLine();
        using var http = new HttpClient();
        var answered = false;
        for (var i = 0; i < 100 && !answered && !_registry.HasExited; i++)
        {
            try
            {
                using var ping = await http.GetAsync($"http://{Registry}/v2/");
                answered = ping.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            if (!answered)
            {
                await Task.Delay(100);
            }
        }

        // Without this the tests would go on against no registry and fail later, or pass for the wrong reason.
        Assert.True(answered, _registry.HasExited
            ? $"{binary} exited ({_registry.ExitCode}) before answering on http://{Registry}/v2/"
            : $"{binary} did not answer on http://{Registry}/v2/ within 10 s");

        // A one-file image, imported: no base image needed.
        var file = Path.Combine(_dir.Path, "hello.txt");
        await File.WriteAllTextAsync(file, "hello\n");
        var import = await ProcessRunner.RunAsync("sh", ["-c", $"tar -C {_dir.Path} -c hello.txt | docker import - {_image}"], _dir.Path);
        Assert.True(import.ExitCode == 0, import.ToString());
    }

    public async Task DisposeAsync()
    {
        await ProcessRunner.RunAsync("docker", ["rmi", "-f", _image, $"{Registry}/tiny-app:tiny-app-00001", $"127.0.0.1:{_deadPort}/tiny-app:tiny-app-00001"], "/");
        if (_registry is { HasExited: false })
        {
            _registry.Kill();
            await _registry.WaitForExitAsync();
        }

        _registry?.Dispose();
        _dir.Dispose();
    }


    [Fact]
    public async Task PublishAsync_LocalImage_PushedAndReferencedByTheRegistrysDigest()
    {
        using var docker = new DockerClientBuilder().WithEndpoint(new Uri("unix:///var/run/docker.sock")).Build();
        var publisher = new DockerRegistryPublisher(docker, Registry);

        var reference = await publisher.PublishAsync("tiny-app", "tiny-app-00001", _image, CancellationToken.None);

        Assert.Matches($@"^127\.0\.0\.1:{_port}/tiny-app@sha256:[0-9a-f]{{64}}$", reference);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Head, $"http://{Registry}/v2/tiny-app/manifests/tiny-app-00001");
        request.Headers.Accept.ParseAdd("application/vnd.docker.distribution.manifest.v2+json");
        request.Headers.Accept.ParseAdd("application/vnd.oci.image.manifest.v1+json");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(reference.Split('@')[1], response.Headers.GetValues("Docker-Content-Digest").Single());
    }

    [Fact]
    public async Task PublishAsync_NoRegistryListening_ErrorNamesTheSetting()
    {
        using var docker = new DockerClientBuilder().WithEndpoint(new Uri("unix:///var/run/docker.sock")).Build();
        var publisher = new DockerRegistryPublisher(docker, $"127.0.0.1:{_deadPort}");

        var error = await Assert.ThrowsAsync<RuntimeException>(() => publisher.PublishAsync("tiny-app", "tiny-app-00001", _image, CancellationToken.None));

        Assert.Contains("runtime.kubernetes.registry", error.Message, StringComparison.Ordinal);
    }
}
