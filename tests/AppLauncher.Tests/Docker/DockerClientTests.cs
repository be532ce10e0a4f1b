using System.Text;
using AppLauncher.Docker;

namespace AppLauncher.Tests.Docker;

public sealed class DockerClientTests
{
    private static byte[] Frame(byte stream, string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        var header = new byte[] { stream, 0, 0, 0, 0, 0, (byte)(payload.Length >> 8), (byte)payload.Length };
        return [.. header, .. payload];
    }

    [Fact]
    public void Demultiplex_StdoutAndStderrFrames_InterleavedInOrder()
    {
        byte[] data = [.. Frame(1, "listening\n"), .. Frame(2, "warning: x\n"), .. Frame(1, "request 1\n")];

        Assert.Equal("listening\nwarning: x\nrequest 1\n", DockerClient.Demultiplex(data));
    }

    [Fact]
    public void Demultiplex_FrameLongerThan255Bytes_UsesTheFullLength()
    {
        var line = new string('x', 300) + "\n";

        Assert.Equal(line, DockerClient.Demultiplex(Frame(1, line)));
    }

    [Fact]
    public void Demultiplex_TruncatedFrame_ReturnsWhatIsThere()
    {
        var frame = Frame(1, "complete line\n");

        Assert.Equal("complete", DockerClient.Demultiplex(frame.AsSpan(0, 8 + 8)));
    }

    [Fact]
    public void Demultiplex_UnframedText_IsReturnedAsIs()
    {
        Assert.Equal("tty output\n", DockerClient.Demultiplex(Encoding.UTF8.GetBytes("tty output\n")));
    }
}
