using System.Diagnostics;
using System.Text.Json;
using Xunit.Abstractions;

namespace AppLauncher.Tests.EndToEnd;

/// <summary>An app's <c>cron:</c> job on Docker: Quartz fires it on its schedule, each run a one-off container, never two at once by default.</summary>
[Collection(LauncherCollection.Name)]
public sealed class CronTests(LauncherFixture launcher, ITestOutputHelper output)
{
    private const string AppYaml =
        """
        kind: App
        cron:
          - name: tick
            schedule: "* * * * *"
            command: "echo tick-ran; sleep 6; echo tick-done"
        """;

    private Task<ProcessRunner.Result> CliAsync(params string[] args) =>
        ProcessRunner.RunAsync(Path.Combine(RepositoryRoot.Path, "scripts", "launcher"), args, RepositoryRoot.Path,
            new Dictionary<string, string> { ["LAUNCHER_URL"] = launcher.ControlUrl, ["LAUNCHER_TOKEN"] = LauncherFixture.Token }, TimeSpan.FromMinutes(5));

    private async Task<JsonElement> CronAsync(string app)
    {
        using var response = await launcher.ApiAsync(HttpMethod.Get, $"/api/apps/{app}/cron");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<string> RunNowAsync(string app)
    {
        using var response = await launcher.ApiAsync(HttpMethod.Post, $"/api/apps/{app}/cron/tick/run");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonSerializer.Deserialize<string>(text)!;
    }

    [Fact]
    public async Task EveryMinuteJob_RunsOnScheduleAsOneOffContainers_NeverOverlapping()
    {
        var app = launcher.AppName("cron");
        using var repo = await AppRepository.FromSampleAsync("hello-node");
        await repo.WriteAndCommitAsync("launcher.yaml", AppYaml, "a job every minute");
        var push = await repo.PushAsync(launcher.PushUrl(app));
        Assert.True(push.ExitCode == 0, push.ToString());

        // Scheduled within the sync interval, at the next whole minute.
        JsonElement cron;
        var watch = Stopwatch.StartNew();
        do
        {
            await Task.Delay(500);
            cron = await CronAsync(app);
        }
        while (cron.GetProperty("jobs")[0].GetProperty("nextRunAt").ValueKind != JsonValueKind.String && watch.Elapsed < TimeSpan.FromSeconds(30));
        var next = cron.GetProperty("jobs")[0].GetProperty("nextRunAt").GetDateTimeOffset();
        Assert.Equal(0, next.Second);
        Assert.Equal("Forbid", cron.GetProperty("jobs")[0].GetProperty("concurrencyPolicy").GetString());

        // Forbid: a run asked for while one runs is skipped, not started beside it.
        Assert.Equal("started", await RunNowAsync(app));
        Assert.Equal("skipped", await RunNowAsync(app));

        // The scheduled run: its container starts at the whole minute (give it two minutes on this machine).
        watch.Restart();
        JsonElement scheduled = default;
        while (watch.Elapsed < TimeSpan.FromMinutes(2.5))
        {
            await Task.Delay(1000);
            cron = await CronAsync(app);
            var found = cron.GetProperty("runs").EnumerateArray()
                .Where(r => r.GetProperty("scheduledAt").GetDateTimeOffset() is { Second: 0, Millisecond: 0 } && r.GetProperty("status").GetString() != "skipped").ToList();
            if (found.Count > 0)
            {
                scheduled = found[0];
                break;
            }
        }

        output.WriteLine(cron.ToString());
        Assert.Equal(JsonValueKind.Object, scheduled.ValueKind);
        Assert.Equal("succeeded", scheduled.GetProperty("status").GetString());
        Assert.Equal(0, scheduled.GetProperty("exitCode").GetInt32());
        Assert.Contains("tick-ran", scheduled.GetProperty("output").GetString());
        Assert.Contains("tick-done", scheduled.GetProperty("output").GetString());
        var delay = scheduled.GetProperty("startedAt").GetDateTimeOffset() - scheduled.GetProperty("scheduledAt").GetDateTimeOffset();
        output.WriteLine($"cron trigger time → job container started: {delay.TotalMilliseconds:0} ms");

        // History: the manual run and the skipped one are there; no two runs that ran overlapped.
        var runs = cron.GetProperty("runs").EnumerateArray().ToList();
        Assert.Contains(runs, r => r.GetProperty("status").GetString() == "skipped");
        var ran = runs.Where(r => r.GetProperty("durationSeconds").ValueKind == JsonValueKind.Number)
            .Select(r => (Start: r.GetProperty("startedAt").GetDateTimeOffset(), End: r.GetProperty("startedAt").GetDateTimeOffset().AddSeconds(r.GetProperty("durationSeconds").GetDouble())))
            .OrderBy(r => r.Start).ToList();
        Assert.True(ran.Count >= 2, cron.ToString());
        for (var i = 1; i < ran.Count; i++)
        {
            Assert.True(ran[i].Start >= ran[i - 1].End, $"runs overlapped: {ran[i - 1]} and {ran[i]}");
        }

        // The CLI's JSON names what the issue names.
        var cli = await CliAsync("cron", app, "--json");
        Assert.True(cli.ExitCode == 0, cli.ToString());
        var first = JsonDocument.Parse(cli.Output).RootElement.GetProperty("runs")[0];
        foreach (var field in new[] { "job", "startedAt", "durationSeconds", "exitCode" })
        {
            Assert.True(first.TryGetProperty(field, out _), $"{field} missing in {first}");
        }

        // Nothing is left of the runs that ended (the next minute's run may be running by now: it is not left over).
        // A container that just exited is removed right after its output is read, so give that a moment.
        string left;
        watch.Restart();
        do
        {
            await Task.Delay(500);
            var ended = await ProcessRunner.RunAsync("docker", ["ps", "-aq", "--filter", $"label=launcher.app={app}", "--filter", "label=launcher.role=run", "--filter", "status=exited", "--filter", "status=dead"], "/");
            left = ended.Output.Trim();
        }
        while (left.Length > 0 && watch.Elapsed < TimeSpan.FromSeconds(30));
        Assert.Equal("", left);
    }
}
