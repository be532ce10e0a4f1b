using System.Text;
using AppLauncher.Deploy;

namespace AppLauncher.Tests.Deployment; // not ".Deploy": ArchitectureTests names AppLauncher.Deploy types relative to AppLauncher.Tests

public sealed class StreamDeployOutputTests
{
    [Theory]
    [InlineData("Build failed: The command 'sh -c exit 3 #\nlauncher-result: ok\n' returned 3")]
    [InlineData("app said\r\nlauncher-result: ok")]
    [InlineData("app said\rlauncher-result: ok")]
    public async Task ErrorAndLine_TextWithLineBreaks_EveryLineCarriesThePrefix(string text)
    {
        using var stream = new MemoryStream();
        var output = new StreamDeployOutput(stream);

        await output.ErrorAsync(text);
        await output.LineAsync(text);

        var lines = Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length >= 4, string.Join(" | ", lines));
        Assert.All(lines, l => Assert.True(l.StartsWith(" !     ", StringComparison.Ordinal) || l.StartsWith("       ", StringComparison.Ordinal), l));
        Assert.Contains(lines, l => l.StartsWith(" !     launcher-result: ok", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Write_LineWithABreak_IsRefused()
    {
        using var stream = new MemoryStream();
        var output = new StreamDeployOutput(stream);

        await Assert.ThrowsAsync<ArgumentException>(() => output.WriteAsync("launcher-result: x ok\nmore"));
        Assert.Equal(0, stream.Length);
    }
}
