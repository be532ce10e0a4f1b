using System.Net;
using System.Text;
using AppLauncher.Docker;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace AppLauncher.Tests.Docker;

public sealed class DockerEngineTests
{
    private static byte[] Frame(byte stream, byte[] payload)
    {
        var header = new byte[] { stream, 0, 0, 0, 0, 0, (byte)(payload.Length >> 8), (byte)payload.Length };
        return [.. header, .. payload];
    }

    private static byte[] Frame(byte stream, string text) => Frame(stream, Encoding.UTF8.GetBytes(text));

    private static Task<string> ReadAsync(byte[] data, bool multiplexed = true) =>
        DockerEngine.ReadTextAsync(new MultiplexedStream(new MemoryStream(data), multiplexed), CancellationToken.None);

    [Fact]
    public async Task ReadTextAsync_StdoutAndStderrFrames_InterleavedInOrder()
    {
        byte[] data = [.. Frame(1, "listening\n"), .. Frame(2, "warning: x\n"), .. Frame(1, "request 1\n")];

        Assert.Equal("listening\nwarning: x\nrequest 1\n", await ReadAsync(data));
    }

    [Fact]
    public async Task ReadTextAsync_FrameLongerThan255Bytes_UsesTheFullLength()
    {
        var line = new string('x', 300) + "\n";

        Assert.Equal(line, await ReadAsync(Frame(1, line)));
    }

    [Fact]
    public async Task ReadTextAsync_CharacterSplitAcrossFrames_StaysWhole()
    {
        var bytes = Encoding.UTF8.GetBytes("grüße\n");
        var split = Array.IndexOf(bytes, (byte)0xC3) + 1;

        Assert.Equal("grüße\n", await ReadAsync([.. Frame(1, bytes[..split]), .. Frame(1, bytes[split..])]));
    }

    [Fact]
    public async Task ReadTextAsync_TtyContainer_TextAsIs()
    {
        Assert.Equal("tty output\n", await ReadAsync(Encoding.UTF8.GetBytes("tty output\n"), multiplexed: false));
    }

    [Theory]
    [InlineData("{\"message\":\"No such container: abc\"}\n", "No such container: abc")]
    [InlineData("plain text refusal\n", "plain text refusal")]
    [InlineData("", "HTTP 409")]
    public void Message_EngineBody_TheEnginesOwnWords(string body, string expected)
    {
        Assert.Equal(expected, DockerEngine.Message(new DockerApiException(HttpStatusCode.Conflict, body)));
    }

    [Fact]
    public void Aux_BuildMessage_ImageId()
    {
        var message = System.Text.Json.JsonSerializer.Deserialize<JSONMessage>("""{"aux":{"ID":"sha256:abc"}}""")!;

        Assert.Equal("sha256:abc", DockerEngine.Aux(message, "ID"));
        Assert.Null(DockerEngine.Aux(message, "Digest"));
    }
}
