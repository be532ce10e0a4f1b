using AppLauncher.Core.Parsing;

namespace AppLauncher.Core.Detect.DotNet;

/// <summary>What a .csproj says about itself: web or not, executable or not, test or not, framework and assembly name.</summary>
public sealed record DotNetProject(string Path, string Sdk, string? OutputType, bool IsTest, string? TargetFramework, string AssemblyName)
{
    private static readonly string[] TestPackages = ["Microsoft.NET.Test.Sdk", "xunit", "xunit.v3", "NUnit", "MSTest.TestFramework", "MSTest", "TUnit"];

    public bool IsWeb => Sdk.Equals("Microsoft.NET.Sdk.Web", StringComparison.OrdinalIgnoreCase);

    /// <summary>An app that can run: a web project, a worker, or an <c>Exe</c>, and not a test project.</summary>
    public bool IsExecutable => !IsTest && (IsWeb || Sdk.Equals("Microsoft.NET.Sdk.Worker", StringComparison.OrdinalIgnoreCase)
        || string.Equals(OutputType, "Exe", StringComparison.OrdinalIgnoreCase));

    /// <summary>The project, or null with the reason when the file is not valid XML or breaks a parse limit.</summary>
    public static (DotNetProject? Project, string? Error) Parse(string path, string text)
    {
        var (doc, error) = XmlLimits.Load(path, text);
        if (doc is null)
        {
            return (null, error);
        }

        var root = doc.Root!;
        var sdk = (string?)root.Attribute("Sdk")
            ?? root.Elements().FirstOrDefault(e => e.Name.LocalName == "Sdk")?.Attribute("Name")?.Value
            ?? "";
        string? Property(string name) =>
            root.Elements().Where(e => e.Name.LocalName == "PropertyGroup")
                .SelectMany(g => g.Elements())
                .LastOrDefault(e => e.Name.LocalName == name)?.Value.Trim();

        var packages = root.Descendants().Where(e => e.Name.LocalName == "PackageReference")
            .Select(e => (string?)e.Attribute("Include") ?? "");
        var isTest = string.Equals(Property("IsTestProject"), "true", StringComparison.OrdinalIgnoreCase)
            || sdk.StartsWith("MSTest.Sdk", StringComparison.OrdinalIgnoreCase)
            || packages.Any(p => TestPackages.Contains(p, StringComparer.OrdinalIgnoreCase));
        var framework = Property("TargetFramework") ?? Property("TargetFrameworks")?.Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        var assembly = Property("AssemblyName") is { Length: > 0 } a && !a.Contains('$', StringComparison.Ordinal)
            ? a
            : System.IO.Path.GetFileNameWithoutExtension(path);
        return (new DotNetProject(path, sdk, Property("OutputType"), isTest, framework, assembly), null);
    }
}
