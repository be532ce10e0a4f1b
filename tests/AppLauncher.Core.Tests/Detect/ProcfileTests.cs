using AppLauncher.Core.Detect;

namespace AppLauncher.Core.Tests.Detect;

public sealed class ProcfileTests
{
    [Fact]
    public void Parse_LinesWithCommentsAndBlanks_ReturnsProcesses()
    {
        var processes = Procfile.Parse("# comment\n\nweb: node server.js --port $PORT\r\nworker:node worker.js\nbroken line\nempty:\n");

        Assert.Equal(2, processes.Count);
        Assert.Equal("node server.js --port $PORT", processes["web"]);
        Assert.Equal("node worker.js", processes["worker"]);
    }
}
