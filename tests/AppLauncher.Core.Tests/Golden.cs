namespace AppLauncher.Core.Tests;

/// <summary>
/// Compares text with a committed golden file. A golden row passes only when the output equals the committed file,
/// whatever the environment says:
/// <list type="bullet">
/// <item>Without UPDATE_GOLDEN the file must exist and match.</item>
/// <item>With UPDATE_GOLDEN=1 a file that already matches is left alone and the row passes; a missing or different file is
/// written and the row fails ("golden X rewritten; review the diff and re-run"), so an update never reads as a pass
/// until the reviewed file is committed and the run repeated.</item>
/// <item>Under CI (CI set to anything but empty, 0 or false) UPDATE_GOLDEN is refused: the row fails and nothing is written,
/// so a pipeline cannot bless its own output.</item>
/// <item>Any other UPDATE_GOLDEN value (a typo such as "yes") fails rather than silently meaning one or the other.</item>
/// </list>
/// </summary>
internal static class Golden
{
    public const string UpdateVariable = "UPDATE_GOLDEN";

    public static void AssertMatches(string path, string actual) =>
        AssertMatches(path, actual, Environment.GetEnvironmentVariable(UpdateVariable), Environment.GetEnvironmentVariable("CI"));

    /// <summary>The same check with the environment passed in, so the rules above are themselves tested.</summary>
    public static void AssertMatches(string path, string actual, string? updateGolden, string? ci)
    {
        var shown = Shown(path);
        if (Update(updateGolden))
        {
            if (IsSet(ci))
            {
                Assert.Fail(
                    $"UPDATE_GOLDEN is refused under CI={ci}: goldens are reviewed changes, not output a pipeline blesses. " +
                    $"Unset UPDATE_GOLDEN in CI; to change {shown}, run the tests locally with UPDATE_GOLDEN=1, review the diff and commit it.");
            }

            var existed = File.Exists(path);
            if (existed && File.ReadAllText(path) == actual)
            {
                return;
            }

            File.WriteAllText(path, actual);
            Assert.Fail(existed
                ? $"golden {shown} rewritten; review the diff (git diff -- {shown}) and re-run"
                : $"golden {shown} was missing and is now written; review it (git status) and re-run");
        }

        Assert.True(File.Exists(path), $"golden file {shown} is missing; run the tests with UPDATE_GOLDEN=1 (not in CI) and review it");
        Assert.Equal(File.ReadAllText(path), actual);
    }

    private static bool Update(string? value) => value switch
    {
        null or "" or "0" => false,
        "1" => true,
        _ when value.Equals("false", StringComparison.OrdinalIgnoreCase) => false,
        _ when value.Equals("true", StringComparison.OrdinalIgnoreCase) => true,
        _ => throw new Xunit.Sdk.XunitException($"UPDATE_GOLDEN='{value}' is not understood: set UPDATE_GOLDEN=1 to rewrite goldens, or unset it to compare."),
    };

    private static bool IsSet(string? value) =>
        value is { Length: > 0 } && value != "0" && !value.Equals("false", StringComparison.OrdinalIgnoreCase);

    private static string Shown(string path) =>
        path.StartsWith(RepositoryRoot.Path + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? System.IO.Path.GetRelativePath(RepositoryRoot.Path, path)
            : path;
}
