using AppLauncher.Core.Build;

namespace AppLauncher.Core.Tests.Build;

public sealed class StartCommandTests
{
    [Theory]
    [InlineData("node server.js", "[\"node\",\"server.js\"]")]
    [InlineData("  node   dist/main.js  ", "[\"node\",\"dist/main.js\"]")]
    [InlineData("node server.js --port $PORT", "[\"/bin/sh\",\"-c\",\"node server.js --port $PORT\"]")]
    [InlineData("npm run migrate && node s.js", "[\"/bin/sh\",\"-c\",\"npm run migrate \\u0026\\u0026 node s.js\"]")]
    [InlineData("node -e \"console.log(1)\"", "[\"/bin/sh\",\"-c\",\"node -e \\u0022console.log(1)\\u0022\"]")]
    public void ToExecForm_SimpleCommandsAreSplit_ShellSyntaxGetsAShell(string command, string expected)
    {
        Assert.Equal(expected, StartCommand.ToExecForm(command));
    }
}
