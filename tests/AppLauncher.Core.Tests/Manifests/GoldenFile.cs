namespace AppLauncher.Core.Tests.Manifests;

/// <summary>Compares text with a committed file under Manifests/golden; UPDATE_GOLDEN=1 rewrites the file instead.</summary>
internal static class GoldenFile
{
    public static string Directory { get; } =
        Path.Combine(RepositoryRoot.Path, "tests", "AppLauncher.Core.Tests", "Manifests", "golden");

    public static void AssertMatches(string name, string actual)
    {
        var path = Path.Combine(Directory, name + ".yaml");
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"golden file {path} is missing; run the tests with UPDATE_GOLDEN=1 and review it");
        Assert.Equal(File.ReadAllText(path), actual);
    }
}
