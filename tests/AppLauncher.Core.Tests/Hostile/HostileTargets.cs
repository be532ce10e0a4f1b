using System.Text;

namespace AppLauncher.Core.Tests.Hostile;

/// <summary>
/// A file a push brings, in a repository that is otherwise fine: the corpus replaces <see cref="File"/> with each hostile
/// input and plans the build, as a push does.
/// </summary>
internal sealed record HostileTarget(string File, string Sample, IReadOnlyDictionary<string, string> Others, IReadOnlyList<HostileInput> Extra)
{
    public IEnumerable<HostileInput> Inputs => HostileInputs.From(Sample).Concat(Extra);

    public AppLauncher.Core.Detect.InMemorySourceTree TreeWith(byte[] bytes) =>
        new(Others.Select(kv => KeyValuePair.Create(kv.Key, Encoding.UTF8.GetBytes(kv.Value))).Append(KeyValuePair.Create(File, bytes)));
}

/// <summary>Every file detection reads, each with a valid sample, the rest of a repository, and its format's own cases.</summary>
internal static class HostileTargets
{
    private const string Csproj = """
        <Project Sdk="Microsoft.NET.Sdk.Web">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <AssemblyName>Hello</AssemblyName>
            <OutputType>Exe</OutputType>
          </PropertyGroup>
          <ItemGroup><PackageReference Include="Serilog" Version="4.0.0" /></ItemGroup>
        </Project>
        """;

    private const string Pom = """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>example</groupId><artifactId>hello</artifactId><version>1.0</version>
          <properties><maven.compiler.release>21</maven.compiler.release></properties>
        </project>
        """;

    private const string PackageJson = """{"name":"hello","main":"lib/x.js","scripts":{"start":"node server.js","build":"tsc"},"engines":{"node":"20"}}""";

    public static IReadOnlyList<HostileTarget> All { get; } =
    [
        new("launcher.yaml", "kind: App\nname: hello\nbuild:\n  buildpack: node\n  root: .\nstart: node server.js\nport: 8080\nhealthCheck:\n  path: /healthz\nenv:\n  GREETING: hi\n",
            Files(("package.json", PackageJson), ("server.js", "")), Yaml("kind: App\n")),
        new("package.json", PackageJson, Files(("server.js", "")), Json(
            "[]", "\"text\"", "1", "null", "true", """{"scripts":[]}""", """{"scripts":{"start":{}}}""", """{"scripts":{"start":1e999999}}""",
            """{"main":5}""", """{"engines":{"node":99999999999999999999999999999}}""", """{"engines":[1]}""", """{"name":"a","name":"b"}""",
            """{"scripts":{"start":"node \u0000 server.js"}}""", """{"scripts":{"start":"\ud800"}}""")),
        new("global.json", """{"sdk":{"version":"10.0.100"}}""", Files(("Hello.csproj", Csproj)), Json(
            "[]", "\"x\"", "5", """{"sdk":"10.0"}""", """{"sdk":[]}""", """{"sdk":{"version":10}}""", """{"sdk":{"version":null}}""", """{"sdk":{"version":{}}}""")),
        new("Hello.csproj", Csproj, Files(), Xml("Project")),
        new("Directory.Build.props", "<Project><PropertyGroup><Nullable>enable</Nullable></PropertyGroup></Project>", Files(("Hello.csproj", Csproj)), Xml("Project")),
        new("pom.xml", Pom, Files(), Xml("project")),
        new("build.gradle", "plugins { id 'java' }\njava { toolchain { languageVersion = JavaLanguageVersion.of(21) } }\nsourceCompatibility = '21'\n", Files(), []),
        new("pyproject.toml", "[project]\nname = \"hello\"\nrequires-python = \">=3.12\"\ndependencies = [\n  \"flask>=3\",\n  'gunicorn', # server\n]\n[tool.poetry.dependencies]\npython = \"^3.12\"\n",
            Files(("app.py", "from flask import Flask\napp = Flask(__name__)\n")), Toml("[project]\n")),
        new("Pipfile", "[packages]\nflask = \">=3\"\ngunicorn = \"*\"\n[requires]\npython_version = \"3.12\"\n",
            Files(("app.py", "from flask import Flask\napp = Flask(__name__)\n")), Toml("[packages]\n")),
        new("requirements.txt", "flask>=3 # web\n-r other.txt\ngunicorn==22.0\n", Files(("app.py", "import flask\n")), []),
        new("app.py", "from fastapi import FastAPI\napp = FastAPI()\n", Files(("requirements.txt", "fastapi\nuvicorn\n")), []),
        new(".python-version", "3.12\n", Files(("requirements.txt", "flask\n"), ("main.py", "print(1)\n")), []),
        new("runtime.txt", "python-3.12\n", Files(("requirements.txt", "flask\n"), ("main.py", "print(1)\n")), []),
        new("go.mod", "module example.com/hello/v2\n\ngo 1.23 // toolchain\n\nrequire (\n\tgolang.org/x/text v0.3.0\n)\n", Files(("main.go", "package main\n")), []),
        new("main.go", "// Package main serves.\npackage main\n\nfunc main() {}\n", Files(("go.mod", "module example.com/hello\n")), []),
        new("cmd/hello/main.go", "package main\n", Files(("go.mod", "module example.com/hello\n"), ("cmd/other/main.go", "package main\n")), []),
        new("Procfile", "# processes\nrelease: node migrate.js\nweb: node server.js --port $PORT\nworker:node w.js\n", Files(("package.json", "{}")), []),
        new("Staticfile", "root: dist\npushstate: enabled\n", Files(("dist/index.html", "<h1>hi</h1>")), []),
        new("index.html", "<!doctype html><h1>hi</h1>", Files(), []),
        new("Dockerfile", "FROM launcher/node:20\nCOPY . /app\nCMD [\"node\", \"server.js\"]\n", Files(), []),
        new("deploy/Dockerfile", "FROM launcher/node:20\n", Files(("launcher.yaml", "kind: App\nbuild:\n  dockerfile: deploy/Dockerfile\n")), []),
        new(".nvmrc", "20\n", Files(("package.json", PackageJson), ("server.js", "")), []),
    ];

    /// <summary>Hostile <c>build.dockerfile</c> and <c>build.root</c> values, each in an app's launcher.yaml.</summary>
    public static IEnumerable<HostileInput> PathFields() =>
        new[]
        {
            "../Dockerfile", "/etc/passwd", "deploy/../../x", "a\0b", "a\nb", "a\rb", "\u001b[2J", "..\\x", "C:\\x", "%2e%2e/x", "\ud800",
            new string('a', 100_000), string.Concat(Enumerable.Repeat("a/", 50_000)), " ", "", ".", "./", "~", "$(id)", "`id`", "'; rm -rf /",
        }.SelectMany(p => new[] { "dockerfile", "root" }.Select(field =>
            new HostileInput($"build.{field}: {Printable(p)}", HostileInputs.Text($"kind: App\nbuild:\n  {field}: \"{YamlEscape(p)}\"\n"))));

    private static string YamlEscape(string value) =>
        string.Concat(value.Select(c => c switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            < ' ' or '\u007f' => $"\\x{(int)c:x2}",
            >= '\ud800' and <= '\udfff' => $"\\u{(int)c:x4}",
            _ => c.ToString(),
        }));

    public static string Printable(string value) =>
        value.Length > 40 ? $"{value[..20]}… ({value.Length:N0} chars)" : string.Concat(value.Select(c => char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString()));

    private static Dictionary<string, string> Files(params (string Path, string Text)[] files) => files.ToDictionary(f => f.Path, f => f.Text);

    private static List<HostileInput> Json(params string[] wrongTypes) =>
    [
        .. wrongTypes.Select(t => new HostileInput($"wrong type {Printable(t)}", HostileInputs.Text(t))),
        new("100,000 nested arrays", HostileInputs.Text(new string('[', 100_000) + new string(']', 100_000))),
        new("100,000 nested objects", HostileInputs.Text(string.Concat(Enumerable.Repeat("{\"a\":", 100_000)) + "1" + new string('}', 100_000))),
        new("65 nested arrays", HostileInputs.Text("{\"x\":" + new string('[', 64) + new string(']', 64) + "}")),
        new("10,000 nested, unclosed", HostileInputs.Text(new string('[', 10_000))),
        new("comments and trailing commas", HostileInputs.Text("{ /* c */ \"a\": 1, }")),
        new("oversized valid JSON", HostileInputs.Text("{\"a\":\"" + new string('a', HostileInputs.Oversized) + "\"}")),
    ];

    private static List<HostileInput> Xml(string root) =>
    [
        new("billion laughs", HostileInputs.Text(HostileInputs.BillionLaughsXml(root))),
        .. HostileInputs.ExternalEntitiesXml(root).Select(x => new HostileInput(x.Case, HostileInputs.Text(x.Xml))),
        new("100,000 nested elements in a property", HostileInputs.Text($"<{root}><PropertyGroup><OutputType>" + string.Concat(Enumerable.Repeat("<a>", 100_000)) +
            string.Concat(Enumerable.Repeat("</a>", 100_000)) + $"</OutputType></PropertyGroup></{root}>")),
        new("10,000 nested elements", HostileInputs.Text($"<{root} Sdk=\"Microsoft.NET.Sdk.Web\">" + string.Concat(Enumerable.Repeat("<PropertyGroup>", 10_000)) +
            string.Concat(Enumerable.Repeat("</PropertyGroup>", 10_000)) + $"</{root}>")),
        new("100,000 attributes", HostileInputs.Text($"<{root} " + string.Concat(Enumerable.Range(0, 100_000).Select(i => $"a{i}=\"x\" ")) + "/>")),
        new("oversized valid XML", HostileInputs.Text($"<{root}><!--" + new string('x', HostileInputs.Oversized) + $"--></{root}>")),
        new("character references to NUL", HostileInputs.Text($"<{root} Sdk=\"&#0;\"/>")),
        new("no root", HostileInputs.Text("<?xml version=\"1.0\"?>")),
        new("two roots", HostileInputs.Text($"<{root}/><{root}/>")),
    ];

    private static List<HostileInput> Yaml(string prefix) =>
    [
        new("billion laughs", HostileInputs.Text(HostileInputs.BillionLaughsYaml(prefix + "env:\n  X: y\nx:\n"))),
        new("30,000 nested flow lists", HostileInputs.Text(prefix + "x: " + new string('[', 30_000))),
        new("30,000 nested flow maps", HostileInputs.Text(prefix + "x: " + string.Concat(Enumerable.Repeat("{a: ", 30_000)))),
        new("huge port", HostileInputs.Text(prefix + "port: 99999999999999999999999999\n")),
        new("port as a list", HostileInputs.Text(prefix + "port: [1]\n")),
        new("env as text", HostileInputs.Text(prefix + "env: text\n")),
        new("env value as a map", HostileInputs.Text(prefix + "env:\n  A: {b: c}\n")),
        new("build as a list", HostileInputs.Text(prefix + "build: [1, 2]\n")),
        new("start as a map", HostileInputs.Text(prefix + "start: {a: b}\n")),
        new("cron as a number", HostileInputs.Text(prefix + "cron: 5\n")),
        new("resources with a huge memory", HostileInputs.Text(prefix + "resources:\n  limits:\n    memory: 99999999999999999999999999Gi\n    cpu: 1e308\n")),
        new("unknown tag", HostileInputs.Text(prefix + "port: !!binary AAAA\n")),
        new("many documents", HostileInputs.Text(string.Concat(Enumerable.Repeat(prefix + "---\n", 50_000)))),
        new("anchor loop", HostileInputs.Text(prefix + "a: &a\n  b: *a\n")),
    ];

    private static List<HostileInput> Toml(string table) =>
    [
        new("unclosed array over 500,000 lines", HostileInputs.Text(table + "dependencies = [\n" + new string('\n', 500_000))),
        new("unclosed array over 100,000 values", HostileInputs.Text(table + "dependencies = [\n" + string.Concat(Enumerable.Repeat("\"a\",\n", 100_000)))),
        new("100,000 '[' in a value", HostileInputs.Text(table + "dependencies = " + new string('[', 100_000) + "\n")),
        new("100,000 tables", HostileInputs.Text(string.Concat(Enumerable.Repeat(table, 100_000)))),
        new("unclosed quotes", HostileInputs.Text(table + "dependencies = [\"a, 'b, \"c\n" + new string('"', 10_000))),
    ];
}
