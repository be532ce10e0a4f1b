using System.Text.RegularExpressions;
using AppLauncher.Core.Parsing;

namespace AppLauncher.Core.Detect.Java;

/// <summary>
/// Detects Java projects built by Maven (pom.xml, mvnw) or Gradle (build.gradle, build.gradle.kts, gradlew) and
/// runs the jar they package. The project's wrapper is used when it has one (it downloads its own Maven or Gradle);
/// otherwise the stack's Maven or Gradle, offline-capable against the stack's local repository.
/// </summary>
public sealed partial class JavaDetector : IBuildpackDetector
{
    public string Name => "java";

    public string LooksFor => "pom.xml, build.gradle or build.gradle.kts (java)";

    public DetectResult Detect(ISourceTree tree)
    {
        var decidedBy = new List<string>();
        var facts = new Dictionary<string, string>(StringComparer.Ordinal);
        if (tree.ReadText("pom.xml") is { } pom)
        {
            // Maven reads it in the build; refusing here gives the pusher the line, and keeps DTDs out of the pipeline.
            if (XmlLimits.Load("pom.xml", pom) is { Error: { } error })
            {
                return DetectResult.Error(error + " Fix pom.xml and push again.");
            }

            decidedBy.Add("pom.xml");
            var wrapper = tree.Exists("mvnw");
            if (wrapper)
            {
                decidedBy.Add("mvnw");
            }

            facts["tool"] = "maven";
            facts["manifests"] = wrapper ? "pom.xml mvnw .mvn" : "pom.xml";
            facts["dependencies"] = (wrapper ? "./mvnw" : "mvn") + " -B -q dependency:go-offline || true";
            facts["build"] = (wrapper ? "./mvnw" : "mvn") + " -B -q -DskipTests package";
            facts["jars"] = "target";
            if (JavaVersionInPom().Match(pom) is { Success: true } m)
            {
                facts["javaVersion"] = m.Groups[2].Value;
            }
        }
        else if (new[] { "build.gradle.kts", "build.gradle" }.FirstOrDefault(tree.Exists) is { } gradleFile)
        {
            decidedBy.Add(gradleFile);
            var wrapper = tree.Exists("gradlew");
            if (wrapper)
            {
                decidedBy.Add("gradlew");
            }

            var gradle = wrapper ? "./gradlew" : "gradle";
            var settings = new[] { "settings.gradle.kts", "settings.gradle" }.Where(tree.Exists);
            facts["tool"] = "gradle";
            facts["manifests"] = string.Join(" ", new[] { gradleFile }.Concat(settings).Concat(wrapper ? ["gradlew", "gradle"] : []));
            facts["dependencies"] = $"{gradle} --no-daemon -q dependencies > /dev/null || true";
            facts["build"] = $"{gradle} --no-daemon -q -x test build";
            facts["jars"] = "build/libs";
            if (JavaVersionInGradle().Match(tree.ReadText(gradleFile) ?? "") is { Success: true } m)
            {
                facts["javaVersion"] = m.Groups[1].Value;
            }
        }
        else
        {
            return DetectResult.Fail("no pom.xml, build.gradle or build.gradle.kts");
        }

        var start = Procfile.WebCommand(tree) ?? "java -jar /app/app.jar";
        facts["start"] = start;
        return DetectResult.Pass(new Detection(Name, decidedBy, facts, start), $"java: {string.Join(", ", decidedBy)}");
    }

    [GeneratedRegex(@"<(maven\.compiler\.release|java\.version|maven\.compiler\.source)>\s*([0-9.]+)\s*<")]
    private static partial Regex JavaVersionInPom();

    [GeneratedRegex(@"(?:languageVersion\s*(?:=|\.set\()\s*JavaLanguageVersion\.of\(\s*|sourceCompatibility\s*=\s*(?:JavaVersion\.VERSION_|['""]?))([0-9._]+)")]
    private static partial Regex JavaVersionInGradle();
}
