using AppLauncher.Build;
using Docker.DotNet.Models;

namespace AppLauncher.Tests.Build;

public sealed class BuildLogTests
{
    [Fact]
    public void Add_StreamSplitAcrossMessages_YieldsWholeLines()
    {
        var log = new BuildLog(10);

        Assert.Empty(log.Add(new JSONMessage { Stream = "Step 1/2 : FR" }));
        Assert.Equal(["Step 1/2 : FROM x"], log.Add(new JSONMessage { Stream = "OM x\n" }));
        Assert.Equal("Step 1/2 : FROM x", log.CurrentStep);
    }

    [Fact]
    public void Add_EngineBookkeepingAndColour_AreLeftOut()
    {
        var log = new BuildLog(10);

        var lines = log.Add(new JSONMessage { Stream = " ---> Running in abc\n\u001b[91mnpm ERR! 404\u001b[0m\nRemoving intermediate container abc\n ---> 123\nSuccessfully built 123\n" });

        Assert.Equal(["npm ERR! 404"], lines);
    }

    [Fact]
    public void Add_UsingCache_IsShownSoThePusherSeesReusedSteps()
    {
        var log = new BuildLog(10);

        var lines = log.Add(new JSONMessage { Stream = "Step 4/9 : RUN npm ci\n ---> Using cache\n ---> 5f2a\n" });

        Assert.Equal(["Step 4/9 : RUN npm ci", " ---> Using cache"], lines);
    }

    [Fact]
    public void Tail_KeepsOnlyTheLastLines()
    {
        var log = new BuildLog(2);

        log.Add(new JSONMessage { Stream = "a\nb\nc\n" });

        Assert.Equal(["b", "c"], log.Tail);
    }

    [Fact]
    public void Add_Error_IsALine()
    {
        var log = new BuildLog(5);

        Assert.Equal(["The command returned 1"], log.Add(new JSONMessage { Error = new JSONError { Message = "The command returned 1" } }));
    }
}
