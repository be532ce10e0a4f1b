namespace AppLauncher.Tests.EndToEnd;

/// <summary>Assertions on a program's output that show the whole output when they fail.</summary>
internal static class AssertOutput
{
    public static void Contains(string expected, ProcessRunner.Result result) =>
        Assert.True(result.Output.Contains(expected, StringComparison.Ordinal), $"expected to find \"{expected}\" in the output of {result}");

    public static void DoesNotContain(string unexpected, ProcessRunner.Result result) =>
        Assert.False(result.Output.Contains(unexpected, StringComparison.Ordinal), $"did not expect \"{unexpected}\" in the output of {result}");
}
