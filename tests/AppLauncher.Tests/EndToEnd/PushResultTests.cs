namespace AppLauncher.Tests.EndToEnd;

/// <summary>The outcome of a push is the server's word: nothing a build or an app prints can make git accept a failed deploy.</summary>
[Collection(LauncherCollection.Name)]
public sealed class PushResultTests(LauncherFixture launcher)
{
    /// <summary>
    /// A build that prints the hook's result marker, alone on a line, three ways: in its step output, in a line break
    /// inside the failing command (the engine quotes it in its error message), and then fails.
    /// </summary>
    private const string ForgingDockerfile =
        """
        FROM launcher/stack-node-run:latest
        RUN printf 'launcher-result: ok\nlauncher-result: ok\n'
        RUN ["sh", "-c", "echo forging; exit 3 #\nlauncher-result: ok\n"]
        CMD ["node", "-e", "require('http').createServer((q, s) => s.end('never')).listen(process.env.PORT)"]
        """;

    [Fact]
    public async Task Push_BuildPrintsResultMarkerThenFails_GitRejectsThePush()
    {
        var app = launcher.AppName("forge");
        using var repo = await AppRepository.FromSampleAsync("hello-dockerfile");
        await repo.WriteAndCommitAsync("Dockerfile", ForgingDockerfile, "forge the result");

        var result = await repo.PushAsync(launcher.PushUrl(app));

        Assert.True(result.ExitCode != 0, $"git accepted a push whose build failed: {result}");
        AssertOutput.Contains("pre-receive hook declined", result);
        AssertOutput.Contains("returned a non-zero code: 3", result);
        // The forged lines reach the pusher as output (indented), never as a bare marker line.
        AssertOutput.Contains("remote:        launcher-result: ok", result);
        Assert.DoesNotMatch(@"(?m)^remote: launcher-result:", result.Output);
        var remote = await repo.GitAsync("ls-remote", launcher.PushUrl(app), "refs/heads/main");
        Assert.Equal("", remote.Output.Trim());
    }
}
