using System.Net;
using System.Text.Json;

namespace AppLauncher.Tests.EndToEnd;

/// <summary>End to end, one sample per buildpack: a real git push, a real Docker build on the default stacks, a real HTTP GET.</summary>
[Collection(LauncherCollection.Name)]
public sealed class BuildpackPushTests(LauncherFixture launcher)
{
    private string PushUrl(string app) => launcher.PushUrl(app);

    private async Task<ProcessRunner.Result> PushSampleAsync(string sample, string app)
    {
        using var repo = await AppRepository.FromSampleAsync(sample);
        var result = await repo.PushAsync(PushUrl(app));
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    [Fact]
    public async Task Push_HelloPython_DetectedAndServed()
    {
        var app = launcher.AppName("py");

        var result = await PushSampleAsync("hello-python", app);

        AssertOutput.Contains("Detected python (requirements.txt, .python-version, app.py)", result);
        AssertOutput.Contains("start: python app.py", result);
        Assert.Equal("Hello from Python!\n", await launcher.Http.GetStringAsync(launcher.AppUrl(app)));
    }

    [Fact]
    public async Task Push_HelloNodePnpm_InstalledWithPnpmFromItsLockfile()
    {
        var app = launcher.AppName("pnpm");

        var result = await PushSampleAsync("hello-node-pnpm", app);

        AssertOutput.Contains("Detected node (package.json, pnpm-lock.yaml, package.json main)", result);
        AssertOutput.Contains("RUN pnpm install --frozen-lockfile", result);
        AssertOutput.Contains("RUN pnpm prune --prod", result);
        Assert.Equal("Hello from pnpm!\n", await launcher.Http.GetStringAsync(launcher.AppUrl(app)));
        Assert.StartsWith("up ", await launcher.Http.GetStringAsync(launcher.AppUrl(app) + "uptime"));
    }

    [Fact]
    public async Task Push_HelloJava_MavenBuildsOfflineAndTheJarRuns()
    {
        var app = launcher.AppName("java");

        var result = await PushSampleAsync("hello-java", app);

        AssertOutput.Contains("Detected java (pom.xml)", result);
        AssertOutput.Contains("javaVersion: 17", result);
        Assert.Equal("Hello from Java!\n", await launcher.Http.GetStringAsync(launcher.AppUrl(app)));
    }

    [Fact]
    public async Task Push_HelloGo_StaticBinaryOnMinimalImage()
    {
        var app = launcher.AppName("go");

        var result = await PushSampleAsync("hello-go", app);

        AssertOutput.Contains("Detected go (go.mod, cmd/hello/ (package main))", result);
        AssertOutput.Contains("start: /app/hello", result);
        Assert.Equal("Hello from Go!\n", await launcher.Http.GetStringAsync(launcher.AppUrl(app)));
        var size = await ImageSizeAsync(app);
        Assert.True(size < 20_000_000, $"the go image is {size} bytes; a static binary on the scratch-based stack should be far below 20 MB");
    }

    [Fact]
    public async Task Push_HelloStatic_ServedWithCachingHeadersAndSpaFallback()
    {
        var app = launcher.AppName("static");

        var result = await PushSampleAsync("hello-static", app);

        AssertOutput.Contains("Detected static (Staticfile)", result);
        using var index = await launcher.Http.GetAsync(launcher.AppUrl(app));
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Contains("Hello from a static site!", await index.Content.ReadAsStringAsync());
        Assert.Equal("no-cache", index.Headers.CacheControl?.ToString());

        using var hashed = await launcher.Http.GetAsync(launcher.AppUrl(app) + "app.3f9a1c2b.css");
        Assert.Equal(HttpStatusCode.OK, hashed.StatusCode);
        Assert.Contains("immutable", hashed.Headers.CacheControl?.ToString());

        using var route = await launcher.Http.GetAsync(launcher.AppUrl(app) + "orders/42");
        Assert.Equal(HttpStatusCode.OK, route.StatusCode);
        Assert.Contains("Hello from a static site!", await route.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Push_HelloDotnet_WebProjectPublishedAndTestProjectSkipped()
    {
        var app = launcher.AppName("dotnet");

        var result = await PushSampleAsync("hello-dotnet", app);

        AssertOutput.Contains("Detected dotnet (HelloDotnet.csproj)", result);
        AssertOutput.Contains("notDeployed: HelloDotnet.Tests/HelloDotnet.Tests.csproj (test)", result);
        Assert.Equal("Hello from .NET!\n", await launcher.Http.GetStringAsync(launcher.AppUrl(app)));
    }

    [Fact]
    public async Task Push_Monorepo_AppConfigBuildRootAndEnvApplied()
    {
        var app = launcher.AppName("mono");

        var result = await PushSampleAsync("hello-monorepo", app);

        // The root holds a package.json (tooling); the app config's build root makes it the Python app in services/api.
        AssertOutput.Contains("Detected python (launcher.yaml, main.py)", result);
        AssertOutput.Contains("build root: services/api/", result);
        Assert.Equal("Hello from a monorepo!\n", await launcher.Http.GetStringAsync(launcher.AppUrl(app)));
    }

    [Fact]
    public async Task Push_InvalidAppConfig_RejectedNamingFileLineAndField()
    {
        var app = launcher.AppName("badcfg");
        using var repo = await AppRepository.FromSampleAsync("hello-node");
        await repo.WriteAndCommitAsync("launcher.yaml", "kind: App\nbuild:\n  buildpack: rust\nport: 70000\n", "bad config");

        var result = await repo.PushAsync(PushUrl(app));

        Assert.NotEqual(0, result.ExitCode);
        AssertOutput.Contains("launcher.yaml:3: build.buildpack: 'rust' is not a buildpack", result);
        AssertOutput.Contains("launcher.yaml:4: port: must be a TCP port", result);
    }

    [Fact]
    public async Task Push_AppConfigNamesAnotherApp_Rejected()
    {
        var app = launcher.AppName("named");
        using var repo = await AppRepository.FromSampleAsync("hello-node");
        await repo.WriteAndCommitAsync("launcher.yaml", "kind: App\nname: someone-else\n", "other name");

        var result = await repo.PushAsync(PushUrl(app));

        Assert.NotEqual(0, result.ExitCode);
        AssertOutput.Contains($"launcher.yaml names the app 'someone-else', but this push went to '{app}'", result);
    }

    [Fact]
    public async Task Push_SourceOnlyChange_ReusesTheDependencyLayer()
    {
        var app = launcher.AppName("cache");
        using var repo = await AppRepository.FromSampleAsync("hello-node");
        Assert.Equal(0, (await repo.PushAsync(PushUrl(app))).ExitCode);
        await repo.ReplaceAndCommitAsync("server.js", "Hello", "Hi", "source only");

        var second = await repo.PushAsync(PushUrl(app));

        Assert.True(second.ExitCode == 0, second.ToString());
        var output = second.Output;
        var install = output.IndexOf("RUN npm ci", StringComparison.Ordinal);
        Assert.True(install >= 0, second.ToString());
        var next = output.IndexOf("Step ", install, StringComparison.Ordinal);
        Assert.Contains("Using cache", output[install..next], StringComparison.Ordinal);
    }

    private static async Task<long> ImageSizeAsync(string app)
    {
        var images = await ProcessRunner.RunAsync("docker", ["images", "--format", "{{.ID}}", $"launcher/{app}"], "/");
        var id = images.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].Trim();
        var inspect = await ProcessRunner.RunAsync("docker", ["image", "inspect", "--format", "{{json .Size}}", id], "/");
        return JsonSerializer.Deserialize<long>(inspect.Output.Trim());
    }
}
