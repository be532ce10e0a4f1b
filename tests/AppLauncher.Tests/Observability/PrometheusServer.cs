using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace AppLauncher.Tests.Observability;

/// <summary>
/// A real Prometheus (Debian's <c>prometheus</c>) on a free loopback port, with its own storage directory and a
/// generated scrape config: one job scraping <c>/metrics</c> of a target every second with a bearer token.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    private readonly TempDirectory _dir;
    private readonly Process _process;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private PrometheusServer(int port, Process process, TempDirectory dir)
    {
        (Port, _process, _dir) = (port, process, dir);
    }

    public int Port { get; }

    private System.Text.StringBuilder _log = new();

    public string Url => $"http://127.0.0.1:{Port}";

    public static async Task<PrometheusServer> StartAsync(string target, string bearerToken)
    {
        var port = LoopbackPorts.Free();
        var dir = new TempDirectory();
        var config = Path.Combine(dir.Path, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: launcher
                metrics_path: /metrics
                authorization:
                  type: Bearer
                  credentials: {bearerToken}
                static_configs:
                  - targets: ['{target}']
            """);
        var start = new ProcessStartInfo("prometheus")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
                 {
                     $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(dir.Path, "data")}",
                     $"--web.listen-address=127.0.0.1:{port}",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("prometheus did not start");
        var log = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PrometheusServer(port, process, dir) { _log = log };
        await server.WaitReadyAsync(TimeSpan.FromSeconds(30));
        return server;
    }

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync();
                lock (_log)
                {
                    Assert.Fail($"prometheus exited with code {_process.ExitCode}:\n{_log}");
                }
            }

            try
            {
                using var response = await _http.GetAsync($"{Url}/-/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        Assert.Fail($"prometheus was not ready on {Url} after {timeout.TotalSeconds} s");
    }

    /// <summary>The result vector of an instant query: each sample's labels and value.</summary>
    public async Task<IReadOnlyList<(Dictionary<string, string> Labels, double Value)>> QueryAsync(string promql)
    {
        using var response = await _http.GetAsync($"{Url}/api/v1/query?query={Uri.EscapeDataString(promql)}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{promql}: {(int)response.StatusCode} {text}");
        using var json = JsonDocument.Parse(text);
        var samples = new List<(Dictionary<string, string>, double)>();
        foreach (var sample in json.RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
        {
            var labels = sample.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
            var value = double.Parse(sample.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
            samples.Add((labels, value));
        }

        return samples;
    }

    /// <summary>Polls <paramref name="promql"/> until it returns a vector <paramref name="accept"/> takes, or fails with the last one.</summary>
    public async Task<IReadOnlyList<(Dictionary<string, string> Labels, double Value)>> WaitForAsync(
        string promql, Func<IReadOnlyList<(Dictionary<string, string> Labels, double Value)>, bool> accept, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        IReadOnlyList<(Dictionary<string, string> Labels, double Value)> last;
        do
        {
            last = await QueryAsync(promql);
            if (accept(last))
            {
                return last;
            }

            await Task.Delay(250);
        }
        while (watch.Elapsed < timeout);

        Assert.Fail($"{promql} did not give the expected result within {timeout.TotalSeconds} s; last: "
            + string.Join("; ", last.Select(s => "{" + string.Join(",", s.Labels.Select(l => $"{l.Key}={l.Value}")) + "} " + s.Value.ToString(CultureInfo.InvariantCulture))));
        return last;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _http.Dispose();
        _dir.Dispose();
    }
}
