using AppLauncher.Core.Apps;
using AppLauncher.Core.Autoscaling;
using AppLauncher.Core.Config;
using AppLauncher.Core.Detect;
using AppLauncher.Core.Manifests;

namespace AppLauncher.Core.Tests.Manifests;

/// <summary>The inputs of the golden files: one per kind of app and policy the manifests must handle.</summary>
internal static class ManifestCases
{
    public const string Digest = "sha256:5f0b1c8e9d2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4";

    public static ManifestInput Plain { get; } = new()
    {
        App = "hello",
        Revision = "hello-00001",
        Image = "registry.example/hello@" + Digest,
    };

    public static IReadOnlyDictionary<string, ManifestInput> All { get; } = new Dictionary<string, ManifestInput>
    {
        ["plain"] = Plain,
        ["health-resources"] = Plain with
        {
            App = "shop",
            Team = "payments",
            Revision = "shop-00007",
            Image = "registry.example/payments/shop@" + Digest,
            Port = 3000,
            HealthCheckPath = "/healthz",
            Resources = new ResourceSettings { CpuRequest = "250m", CpuLimit = "1", MemoryRequest = "256Mi", MemoryLimit = "1Gi" },
            Env = new Dictionary<string, string> { ["NODE_ENV"] = "production", ["FEATURE_X"] = "true", ["RETRIES"] = "3" },
            ReadOnlyRootFilesystem = true,
            Commit = "9fceb02d0ae598e95dc970b74767f19372d61af8",
            Buildpack = "node",
        },
        ["cpu-alarm"] = Plain with
        {
            Autoscaling = new AutoscalingPolicy
            {
                Max = 100,
                Steps = [new StepPolicy { Metric = ScalingMetrics.Cpu, Operator = ">=", Threshold = 90, ForSeconds = 300, Change = 2, CooldownSeconds = 60 }],
            },
        },
        ["cron-job"] = Plain with
        {
            CronJobs =
            [
                new CronJobSettings { Name = "cleanup", Schedule = "0 3 * * *", Command = "node scripts/cleanup.js", TimeZone = "Europe/Paris" },
            ],
        },
        ["process-types"] = Plain with
        {
            Processes =
            [
                new ProcessSettings { Type = "worker", Command = "node worker.js", Replicas = 2 },
                new ProcessSettings { Type = "clock", Command = "node clock.js" },
            ],
        },
        ["min-two-pdb"] = Plain with { Autoscaling = new AutoscalingPolicy { Min = 2, Max = 5 } },
        ["network-policy"] = Plain with { NetworkPolicy = true },
        ["app-file-resources"] = FromAppFile("shop", "resources:\n  requests: {cpu: 250m, memory: 256Mi}\n  limits: {cpu: \"2\", memory: 1Gi}\n"),
        ["app-file-request-only"] = FromAppFile("shop", "resources:\n  requests:\n    memory: 1Gi\n"),
        ["app-file-read-only"] = FromAppFile("shop", "readOnlyRootFilesystem: true\nhealthCheck:\n  path: /healthz\n"),
        ["app-file-cron"] = FromAppFile("shop", """
            cron:
              - name: cleanup
                schedule: "0 3 * * *"
                command: node scripts/cleanup.js
              - name: report
                schedule: "*/15 8-18 * * MON-FRI"
                command: node scripts/report.js --since 15m
                concurrencyPolicy: Allow
            """),
    };

    /// <summary>The input of an app whose repository holds this <c>launcher.yaml</c> body (after <c>kind: App</c>), read as a push reads it.</summary>
    public static ManifestInput FromAppFile(string app, string body)
    {
        var read = AppConfigFile.Read(InMemorySourceTree.FromText([KeyValuePair.Create(AppConfigFile.FileName, "kind: App\n" + body)]));
        Assert.True(read is { IsValid: true }, string.Join("\n", read?.Errors ?? []));
        return ManifestInputFactory.Create(app, $"{app}-00001", "registry.example/" + app + "@" + Digest, "node", commit: null, read!.Value, new KubernetesConfig(), defaultPort: 8080);
    }

    public static TheoryData<string> Names() => new(All.Keys);
}
