namespace AppLauncher.Core.Tests.Manifests;

/// <summary>
/// Compares text with a committed file under Manifests/golden, by the rules of <see cref="Golden"/>: UPDATE_GOLDEN=1
/// rewrites a differing file and fails the row until it is reviewed and re-run; under CI=true updating is refused.
/// </summary>
internal static class GoldenFile
{
    public static string Directory { get; } =
        Path.Combine(RepositoryRoot.Path, "tests", "AppLauncher.Core.Tests", "Manifests", "golden");

    public static void AssertMatches(string name, string actual) => Golden.AssertMatches(Path.Combine(Directory, name + ".yaml"), actual);
}
