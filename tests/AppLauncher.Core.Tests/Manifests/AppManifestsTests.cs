using AppLauncher.Core.Manifests;
using AppLauncher.Testing;

namespace AppLauncher.Core.Tests.Manifests;

public sealed class AppManifestsTests
{
    [Theory]
    [MemberData(nameof(ManifestCases.Names), MemberType = typeof(ManifestCases))]
    public void Make_Case_MatchesGoldenFile(string name)
    {
        var input = ManifestCases.All[name];
        Assert.True(new ManifestInputValidator().Validate(input).IsValid);

        GoldenFile.AssertMatches(name, ManifestYamlWriter.Write(AppManifests.Make(input)));
    }

    [Fact]
    public void GoldenFiles_EveryFile_HasItsCase()
    {
        var orphans = Directory.EnumerateFiles(GoldenFile.Directory, "*.yaml")
            .Select(f => Path.GetFileNameWithoutExtension(f))
            .Where(n => !ManifestCases.All.ContainsKey(n))
            .ToList();

        Assert.True(orphans.Count == 0, $"golden files no case checks (remove them or add their case): {string.Join(", ", orphans)}");
    }

    [Theory]
    [MemberData(nameof(ManifestCases.Names), MemberType = typeof(ManifestCases))]
    public async Task Make_Case_PassesKubernetesSchema(string name)
    {
        var yaml = ManifestYamlWriter.Write(AppManifests.Make(ManifestCases.All[name]));

        var (code, output) = await KubernetesSchemaValidator.ValidateAsync(yaml);

        Assert.True(code == 0, output);
        Assert.DoesNotContain("invalid", output, StringComparison.Ordinal);
        Assert.Contains("ok Deployment/", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SchemaValidator_InvalidManifest_Rejects()
    {
        // The env value 8080 as a number, a misspelt field, and a string where replicas wants an integer.
        var yaml = ManifestYamlWriter.Write(AppManifests.Make(ManifestCases.Plain))
            .Replace("value: \"8080\"", "value: 8080", StringComparison.Ordinal)
            .Replace("targetPort: http", "targetport: http", StringComparison.Ordinal)
            + "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: broken\nspec:\n  replicas: many\n  selector: {}\n  template: {}\n";

        var (code, output) = await KubernetesSchemaValidator.ValidateAsync(yaml);

        Assert.Equal(1, code);
        Assert.Contains("invalid Deployment/hello: /spec/template/spec/containers/0/env/0/value must be string", output, StringComparison.Ordinal);
        Assert.Contains("invalid Service/hello: /spec/ports/0/targetport is not a field of v1 Service", output, StringComparison.Ordinal);
        Assert.Contains("ok HorizontalPodAutoscaler/hello", output, StringComparison.Ordinal);
        Assert.Contains("invalid Deployment/broken: /spec/replicas must be integer", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Make_Plain_ObjectsInApplyOrderWithoutOptionalKinds()
    {
        var kinds = AppManifests.Make(ManifestCases.Plain).Objects.Select(o => (string)o["kind"]!).ToList();

        Assert.Equal(["ServiceAccount", "Deployment", "Service", "HorizontalPodAutoscaler"], kinds);
    }

    [Fact]
    public void Make_MinAboveOneNetworkPolicyAndCron_AddsPdbNetworkPolicyAndCronJob()
    {
        var input = ManifestCases.Plain with
        {
            Autoscaling = new() { Min = 3 },
            NetworkPolicy = true,
            CronJobs = [new CronJobSettings { Name = "a", Schedule = "* * * * *", Command = "true" }],
        };

        var kinds = AppManifests.Make(input).Objects.Select(o => (string)o["kind"]!).ToList();

        Assert.Equal(["ServiceAccount", "Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy", "CronJob"], kinds);
    }

    [Fact]
    public void Write_UnexpressibleStep_NotedAsComment()
    {
        var input = ManifestCases.Plain with
        {
            Autoscaling = new() { Steps = [new() { Metric = "rps", Threshold = 500, ForSeconds = 60, Change = 1 }] },
        };

        var yaml = ManifestYamlWriter.Write(AppManifests.Make(input));

        Assert.StartsWith("# step 'rps >= 500 for 60 s → +1' is not in the HPA", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MakeNamespace_Team_PassesKubernetesSchemaWithRestrictedPodSecurity()
    {
        var yaml = ManifestYamlWriter.Write(NamespaceManifest.MakeNamespace("payments"));

        var (code, output) = await KubernetesSchemaValidator.ValidateAsync(yaml);

        Assert.True(code == 0, output);
        Assert.Contains("pod-security.kubernetes.io/enforce: restricted", yaml, StringComparison.Ordinal);
    }
}
