using System.Net;
using System.Text.Json;

namespace AppLauncher.Tests.EndToEnd;

/// <summary>
/// Repositories as other people write them (issue 17), pushed end to end: a byte-order mark in a project file, a
/// .dockerignore, and what <c>launcher detect</c> says about the same folder.
/// </summary>
[Collection(LauncherCollection.Name)]
public sealed class RepositoryShapesPushTests(LauncherFixture launcher)
{
    private static Task<ProcessRunner.Result> DetectAsync(string folder) =>
        ProcessRunner.RunAsync(Path.Combine(RepositoryRoot.Path, "scripts", "launcher"), ["detect", folder, "--json"], RepositoryRoot.Path, timeout: TimeSpan.FromMinutes(5));

    [Fact]
    public async Task Push_DotnetCsprojWithByteOrderMark_BuildsExactlyWhatDetectExplains()
    {
        var app = launcher.AppName("bom");
        using var repo = await AppRepository.FromSampleAsync("hello-dotnet");
        var csproj = Path.Combine(repo.Path, "HelloDotnet.csproj");
        var bytes = await File.ReadAllBytesAsync(csproj);
        Assert.NotEqual(0xEF, bytes[0]);
        await File.WriteAllBytesAsync(csproj, [0xEF, 0xBB, 0xBF, .. bytes]);
        await repo.GitAsync("commit", "-q", "-am", "as Visual Studio saves it: with a byte-order mark");
        var detect = await DetectAsync(repo.Path);
        Assert.True(detect.ExitCode == 0, detect.ToString());
        using var plan = JsonDocument.Parse(detect.Output);

        var push = await repo.PushAsync(launcher.PushUrl(app));

        Assert.True(push.ExitCode == 0, push.ToString());
        var decidedBy = plan.RootElement.GetProperty("decidedBy").EnumerateArray().Select(e => e.GetString());
        AssertOutput.Contains($"Detected {plan.RootElement.GetProperty("buildpack").GetString()} ({string.Join(", ", decidedBy)})", push);
        foreach (var fact in plan.RootElement.GetProperty("facts").EnumerateObject().Where(f => f.Value.GetString() is { Length: > 0 }))
        {
            AssertOutput.Contains($"{fact.Name}: {fact.Value.GetString()!.Split('\n')[0]}", push);
        }

        AssertOutput.Contains($"start: {plan.RootElement.GetProperty("start").GetString()}", push);
        Assert.Equal("Hello from .NET!\n", await launcher.Http.GetStringAsync(launcher.AppUrl(app)));
    }

    [Fact]
    public async Task Push_StaticSiteWithDockerignore_IgnoredFilesAreNotServed()
    {
        var app = launcher.AppName("dignore");
        using var repo = await AppRepository.FromSampleAsync("hello-static");
        await File.WriteAllTextAsync(Path.Combine(repo.Path, "public", "drafts.html"), "draft\n");
        await File.WriteAllTextAsync(Path.Combine(repo.Path, "public", "notes.md"), "notes\n");
        await repo.WriteAndCommitAsync(".dockerignore", "# not for the site\npublic/*.md\npublic/drafts*\n", "dockerignore");

        var push = await repo.PushAsync(launcher.PushUrl(app));

        Assert.True(push.ExitCode == 0, push.ToString());
        AssertOutput.Contains(".dockerignore: 2 files left out of the build context", push);
        Assert.Contains("Hello from a static site!", await launcher.Http.GetStringAsync(launcher.AppUrl(app)));
        using var drafts = await launcher.Http.GetAsync(launcher.AppUrl(app) + "drafts.html");
        // The SPA fallback answers unknown paths with index.html: the draft's own text must not be what comes back.
        Assert.DoesNotContain("draft", await drafts.Content.ReadAsStringAsync());
        using var notes = await launcher.Http.GetAsync(launcher.AppUrl(app) + "notes.md");
        Assert.DoesNotContain("notes", await notes.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Push_OwnDockerfileWithDockerignore_ContextHoldsNoIgnoredFile()
    {
        var app = launcher.AppName("dfignore");
        using var repo = await AppRepository.FromSampleAsync("hello-dockerfile");
        Directory.CreateDirectory(Path.Combine(repo.Path, "secrets"));
        await File.WriteAllTextAsync(Path.Combine(repo.Path, "secrets", "key.pem"), "not for the image\n");
        await File.WriteAllTextAsync(Path.Combine(repo.Path, "notes.txt"), "kept\n");
        await File.WriteAllTextAsync(Path.Combine(repo.Path, ".dockerignore"), "secrets\n*.txt\n!notes.txt\n");
        await repo.WriteAndCommitAsync(
            "Dockerfile",
            "FROM launcher/stack-node-run:latest\nWORKDIR /app\nCOPY . .\n" +
            "RUN test ! -e secrets/key.pem && test -e notes.txt && test -e server.js\nUSER 1000:1000\nCMD [\"node\", \"server.js\"]\n",
            "copy the whole context");

        var push = await repo.PushAsync(launcher.PushUrl(app));

        Assert.True(push.ExitCode == 0, push.ToString());
        AssertOutput.Contains(".dockerignore: 1 file left out of the build context", push);
        using var response = await launcher.Http.GetAsync(launcher.AppUrl(app));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Push_GoWithProcfileNamingTheBinary_RunsItFromPath()
    {
        var app = launcher.AppName("gobin");
        using var repo = await AppRepository.FromSampleAsync("hello-go");
        // A second main package: the Procfile, not the module's name, says which one serves the web.
        Directory.CreateDirectory(Path.Combine(repo.Path, "cmd", "migrate"));
        await File.WriteAllTextAsync(Path.Combine(repo.Path, "cmd", "migrate", "main.go"), "package main\n\nfunc main() {}\n");
        await repo.WriteAndCommitAsync("Procfile", "# Heroku style: the binary by its name\n\nweb: hello\n", "procfile");

        var push = await repo.PushAsync(launcher.PushUrl(app));

        Assert.True(push.ExitCode == 0, push.ToString());
        AssertOutput.Contains("Detected go (go.mod, cmd/hello/ (package main), Procfile web:)", push);
        AssertOutput.Contains("start: hello", push);
        Assert.Equal("Hello from Go!\n", await launcher.Http.GetStringAsync(launcher.AppUrl(app)));
    }

    [Fact]
    public async Task Push_LoneServerJsWithoutPackageJson_RunsOnNodeWithNothingInstalled()
    {
        var app = launcher.AppName("lonejs");
        using var repo = await AppRepository.FromSampleAsync("hello-node");
        await repo.GitAsync("rm", "-q", "package.json", "package-lock.json");
        await repo.ReplaceAndCommitAsync("server.js", "Hello from AppLauncher!", "Hello from a lone server.js!", "no package.json");

        var push = await repo.PushAsync(launcher.PushUrl(app));

        Assert.True(push.ExitCode == 0, push.ToString());
        AssertOutput.Contains("Detected node (server.js)", push);
        AssertOutput.DoesNotContain("npm install", push);
        Assert.Equal("Hello from a lone server.js!\n", await launcher.Http.GetStringAsync(launcher.AppUrl(app)));
    }

    [Fact]
    public async Task Push_PostinstallNeedingADevDependency_BuildsThenPrunesIt()
    {
        var app = launcher.AppName("postinst");
        using var repo = await AppRepository.FromSampleAsync("hello-node");
        await repo.GitAsync("rm", "-q", "package-lock.json");
        // postinstall runs a script from the source tree with a dev dependency: both must be there at install time.
        await File.WriteAllTextAsync(Path.Combine(repo.Path, "prebuild.js"),
            "require('fs').writeFileSync('greeting.txt', require('left-pad')('padded', 10, '*'));\n");
        await File.WriteAllTextAsync(Path.Combine(repo.Path, "server.js"),
            "const fs = require('fs');\nlet dev = 'pruned'; try { require.resolve('left-pad'); dev = 'kept'; } catch {}\n" +
            "require('http').createServer((q, s) => s.end(fs.readFileSync('greeting.txt', 'utf8') + ' ' + dev + '\\n')).listen(process.env.PORT);\n");
        await repo.WriteAndCommitAsync("package.json",
            """{ "name": "postinst", "scripts": { "start": "node server.js", "postinstall": "node prebuild.js" }, "devDependencies": { "left-pad": "1.3.0" } }""",
            "postinstall with a dev dependency");

        var push = await repo.PushAsync(launcher.PushUrl(app));

        Assert.True(push.ExitCode == 0, push.ToString());
        AssertOutput.Contains("RUN npm install", push);
        AssertOutput.Contains("RUN npm prune --omit=dev", push);
        Assert.Equal("****padded pruned\n", await launcher.Http.GetStringAsync(launcher.AppUrl(app)));
    }
}
