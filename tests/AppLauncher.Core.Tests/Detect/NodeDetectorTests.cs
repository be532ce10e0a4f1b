using AppLauncher.Core.Detect;

namespace AppLauncher.Core.Tests.Detect;

public sealed class NodeDetectorTests
{
    private static DetectResult Detect(params (string Path, string Text)[] files) =>
        new NodeDetector().Detect(InMemorySourceTree.FromText(files.Select(f => KeyValuePair.Create(f.Path, f.Text))));

    public static TheoryData<string, (string, string)[], string, string> StartCases => new()
    {
        { "scripts.start", [("package.json", """{"scripts":{"start":"node app.js"},"main":"other.js"}"""), ("server.js", "")], "node app.js", "package.json scripts.start" },
        { "main", [("package.json", """{"main":"lib/main.js"}"""), ("server.js", "")], "node lib/main.js", "package.json main" },
        { "server.js", [("package.json", "{}"), ("server.js", ""), ("index.js", "")], "node server.js", "server.js" },
        { "index.js", [("package.json", "{}"), ("index.js", "")], "node index.js", "index.js" },
        { "Procfile wins", [("package.json", """{"scripts":{"start":"node app.js"}}"""), ("Procfile", "release: node migrate.js\nweb: node web.js --fast\n")], "node web.js --fast", "Procfile web:" },
    };

    [Theory]
    [MemberData(nameof(StartCases))]
    public void Detect_StartCommand_FollowsPrecedence(string _, (string, string)[] files, string start, string decidedBy)
    {
        var result = Detect(files);

        Assert.Equal(DetectOutcome.Pass, result.Outcome);
        Assert.Equal(start, result.Detection!.Start);
        Assert.Contains(decidedBy, result.Detection.DecidedBy);
        Assert.Equal("node", result.Detection.Buildpack);
    }

    [Theory]
    [InlineData("worker: node worker.js\n", "worker")]
    [InlineData("release: node migrate.js\nclock: node clock.js\nworker: node worker.js\n", "clock, worker")]
    public void Detect_ProcfileWithoutWebAndNoStart_PassesWithNoWebProcess(string procfile, string types)
    {
        var result = Detect(("package.json", "{}"), ("Procfile", procfile));

        Assert.Equal(DetectOutcome.Pass, result.Outcome);
        Assert.True(result.Detection!.NoWeb);
        Assert.Null(result.Detection.Start);
        Assert.Contains("Procfile without web:", result.Detection.DecidedBy);
        Assert.Contains($"no web process (the Procfile runs {types})", result.Message);
    }

    [Theory]
    [InlineData("release: node migrate.js\n")]
    [InlineData("# nothing but a comment\n")]
    public void Detect_ProcfileWithNoProcessTypeAndNoStart_StillAnError(string procfile)
    {
        var result = Detect(("package.json", "{}"), ("Procfile", procfile));

        Assert.Equal(DetectOutcome.Error, result.Outcome);
        Assert.Contains("no start command", result.Message);
    }

    [Theory]
    [InlineData("""{"scripts":{"start":"node app.js"}}""", "index.js")]
    [InlineData("{}", "server.js")]
    public void Detect_ProcfileWithoutWebButAStartCommand_KeepsTheWebProcess(string package, string entry)
    {
        var result = Detect(("package.json", package), (entry, ""), ("Procfile", "worker: node worker.js\n"));

        Assert.Equal(DetectOutcome.Pass, result.Outcome);
        Assert.False(result.Detection!.NoWeb);
        Assert.NotNull(result.Detection.Start);
    }

    [Theory]
    [InlineData(false, false, "npm install", "npm prune --omit=dev")]
    [InlineData(true, false, "npm ci", "npm prune --omit=dev")]
    [InlineData(true, true, "npm ci", "npm run build && npm prune --omit=dev")]
    [InlineData(false, true, "npm install", "npm run build && npm prune --omit=dev")]
    public void Detect_InstallAndBuild_DevDependenciesAlwaysInstalledThenPruned(bool lockfile, bool buildScript, string install, string build)
    {
        var package = buildScript ? """{"scripts":{"start":"node s.js","build":"tsc"}}""" : """{"scripts":{"start":"node s.js"}}""";
        var files = new List<(string, string)> { ("package.json", package) };
        if (lockfile)
        {
            files.Add(("package-lock.json", "{}"));
        }

        var result = Detect([.. files]);

        Assert.Equal(install, result.Detection!.Facts["install"]);
        Assert.Equal(build, result.Detection.Facts["build"]);
        Assert.Equal(lockfile, result.Detection.DecidedBy.Contains("package-lock.json"));
    }

    [Theory]
    [InlineData("postinstall", "npm ci", "npm prune --omit=dev")]
    [InlineData("prepare", "npm ci", "npm prune --omit=dev")]
    public void Detect_InstallScriptCompilingSources_GetsTheWholeTreeAndDevDependencies(string script, string install, string build)
    {
        var result = Detect(
            ("package.json", $$$"""{"scripts":{"start":"node dist/server.js","{{{script}}}":"tsc"},"devDependencies":{"typescript":"5.6.3"}}"""),
            ("package-lock.json", "{}"));

        Assert.Equal(".", result.Detection!.Facts["manifests"]);
        Assert.Equal(install, result.Detection.Facts["install"]);
        Assert.Equal(build, result.Detection.Facts["build"]);
        Assert.Contains($"package.json scripts.{script}", result.Detection.DecidedBy);
    }

    [Theory]
    [InlineData("pnpm-lock.yaml", "pnpm install --frozen-lockfile", "pnpm prune --prod")]
    [InlineData("yarn.lock", "yarn install --frozen-lockfile --non-interactive", "yarn install --frozen-lockfile --non-interactive --production --ignore-scripts --prefer-offline")]
    public void Detect_PnpmAndYarn_InstallEverythingThenPrune(string lockfile, string install, string build)
    {
        var result = Detect(("package.json", """{"scripts":{"start":"node s.js"}}"""), (lockfile, ""));

        Assert.Equal(install, result.Detection!.Facts["install"]);
        Assert.Equal(build, result.Detection.Facts["build"]);
        Assert.Equal($"package.json {lockfile}", result.Detection.Facts["manifests"]);
    }

    [Fact]
    public void Detect_EnginesNode_IsAFact()
    {
        var result = Detect(("package.json", """{"engines":{"node":">=18"},"main":"a.js"}"""));

        Assert.Equal(">=18", result.Detection!.Facts["nodeVersion"]);
    }

    [Theory]
    [InlineData("""{"engines":{"node":">=30"},"main":"a.js"}""", null, "package.json engines.node asks for '>=30'", "18, 19, 20, 21, 22, 23, 24, 25, 26")]
    [InlineData("""{"main":"a.js"}""", "16\n", ".nvmrc asks for '16'", "18, 19, 20, 21, 22, 23, 24, 25, 26")]
    [InlineData("""{"main":"a.js"}""", "lts/gallium", ".nvmrc asks for 'lts/gallium'", "lts/hydrogen = 18, lts/iron = 20")]
    public void Detect_NodeVersionNoOfferedVersionSatisfies_ErrorsNamingTheRangeAndTheVersions(string package, string? nvmrc, string expected, string offered)
    {
        var files = nvmrc is null ? new[] { ("package.json", package) } : [("package.json", package), (".nvmrc", nvmrc)];

        var result = Detect(files);

        Assert.Equal(DetectOutcome.Error, result.Outcome);
        Assert.StartsWith(expected, result.Message);
        Assert.Contains(offered, result.Message);
    }

    [Theory]
    // Not ranges by npm's grammar: left to the package manager, which may only warn, rather than refused here.
    [InlineData("""{"engines":{"node":"latest"},"main":"a.js"}""")]
    [InlineData("""{"engines":{"node":"node >= 18"},"main":"a.js"}""")]
    [InlineData("""{"engines":{"node":">=20"},"main":"a.js"}""")]
    public void Detect_NodeVersionUnparsableOrSatisfiable_Passes(string package)
    {
        var result = Detect(("package.json", package));

        Assert.Equal(DetectOutcome.Pass, result.Outcome);
    }

    [Fact]
    public void Detect_NoPackageJsonAndNoServerJs_Fails()
    {
        // A lone index.js is as often a front-end file as a server: not enough.
        var result = Detect(("index.js", ""), ("README.md", ""));

        Assert.Equal(DetectOutcome.Fail, result.Outcome);
        Assert.Contains("no package.json, server.js or Procfile 'web: node …'", result.Message);
    }

    [Theory]
    [InlineData("server.js", "", "node server.js", "server.js")]
    [InlineData("Procfile", "# web\n\nweb: node src/main.js\n", "node src/main.js", "Procfile web:")]
    public void Detect_NoPackageJson_LoneServerIsNodeWithNothingToInstall(string file, string text, string start, string decidedBy)
    {
        var result = Detect((file, text));

        Assert.Equal(DetectOutcome.Pass, result.Outcome);
        Assert.Equal(start, result.Detection!.Start);
        Assert.Equal([decidedBy], result.Detection.DecidedBy);
        Assert.Equal("", result.Detection.Facts["install"]);
        Assert.Equal("", result.Detection.Facts["manifests"]);
    }

    [Fact]
    public void Detect_NoPackageJson_ProcfileRunningSomethingElse_Fails()
    {
        var result = Detect(("Procfile", "web: ./server\n"));

        Assert.Equal(DetectOutcome.Fail, result.Outcome);
    }

    [Theory]
    [InlineData("{ \"name\": \"x\",, }")]
    [InlineData("{ \"name\": ")]
    public void Detect_InvalidPackageJson_ErrorsWithLineAndFix(string json)
    {
        var result = Detect(("package.json", json));

        Assert.Equal(DetectOutcome.Error, result.Outcome);
        Assert.Contains("package.json is not valid JSON (line 1)", result.Message);
        Assert.Contains("Fix the file", result.Message);
    }

    [Fact]
    public void Detect_PackageJsonNotAnObject_Errors()
    {
        var result = Detect(("package.json", "[1,2]"));

        Assert.Equal(DetectOutcome.Error, result.Outcome);
        Assert.Contains("JSON object", result.Message);
    }

    [Fact]
    public void Detect_NoStartCommand_ErrorNamesEveryWayToAddOne()
    {
        var result = Detect(("package.json", """{"name":"x","scripts":{"test":"jest"}}"""));

        Assert.Equal(DetectOutcome.Error, result.Outcome);
        Assert.Contains("scripts", result.Message);
        Assert.Contains("server.js", result.Message);
        Assert.Contains("Procfile", result.Message);
    }
}
