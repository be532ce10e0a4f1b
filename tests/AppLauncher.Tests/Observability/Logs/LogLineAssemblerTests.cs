using System.Text;
using AppLauncher.Observability.Logs;
using AppLauncher.Security;

namespace AppLauncher.Tests.Observability.Logs;

public sealed class LogLineAssemblerTests
{
    private static LogLineAssembler Make(int max = 16 * 1024, params string[] secrets) =>
        new(max, line => SecretRedactor.Redact(line, secrets), secrets.Length == 0 ? 0 : secrets.Max(s => s.Length));

    [Fact]
    public void Push_LineSplitAcrossPieces_OneLineWhenTheNewlineComes()
    {
        var assembler = Make();

        Assert.Empty(assembler.Push(false, "hel"));
        var lines = assembler.Push(false, "lo\r\nworld\n");

        Assert.Equal([(false, "hello"), (false, "world")], lines);
    }

    [Fact]
    public void Push_StdoutAndStderrInterleaved_EachStreamKeepsItsOwnLine()
    {
        var assembler = Make();

        assembler.Push(false, "out-");
        assembler.Push(true, "err-");
        var err = assembler.Push(true, "line\n");
        var out_ = assembler.Push(false, "line\n");

        Assert.Equal([(true, "err-line")], err);
        Assert.Equal([(false, "out-line")], out_);
    }

    [Fact]
    public void Push_TenMegabyteLine_CutToTheLimitAndMarkedWithItsSize()
    {
        var assembler = Make(16 * 1024);
        var piece = new string('x', 64 * 1024);
        for (var i = 0; i < 160; i++)
        {
            Assert.Empty(assembler.Push(false, piece));
        }

        var lines = assembler.Push(false, "\nnext\n");

        Assert.Equal(2, lines.Count);
        Assert.Equal(new string('x', 16 * 1024) + "… [line cut: 10485760 bytes]", lines[0].Line);
        Assert.Equal("next", lines[1].Line);
    }

    [Fact]
    public void Push_SecretAcrossTheCut_MaskedBeforeTheCutSoNoPartOfItShows()
    {
        const string Secret = "s3cr3t-value-0123456789";
        var assembler = Make(100, Secret);

        var lines = assembler.Push(false, new string('a', 90) + Secret + new string('b', 500) + "\n");

        var line = Assert.Single(lines).Line;
        Assert.DoesNotContain("s3cr3t", line);
        Assert.StartsWith(new string('a', 90) + "********", line);
        Assert.EndsWith("… [line cut: 613 bytes]", line);
    }

    [Fact]
    public void Push_ControlCharactersAndBinary_ReplacedSoTheLineStaysOneLine()
    {
        var assembler = Make();
        var binary = Encoding.UTF8.GetString([0x00, 0x07, 0xff, 0xfe, 0x41, 0x1b, 0x5b, 0x33, 0x31, 0x6d, 0x09, 0x7f]);

        var line = Assert.Single(assembler.Push(false, binary + "\n")).Line;

        Assert.Equal("\uFFFD\uFFFD\uFFFD\uFFFDA\u001b[31m\t\uFFFD", line);
    }

    [Fact]
    public void Push_MultiByteCharactersAtTheCut_NeverSplit()
    {
        var assembler = Make(256);

        var line = Assert.Single(assembler.Push(false, new string('é', 300) + "\n")).Line;

        Assert.Equal(new string('é', 128) + "… [line cut: 600 bytes]", line);
    }

    [Fact]
    public void Flush_OutputEndsWithoutANewline_TheRestIsALine()
    {
        var assembler = Make();
        assembler.Push(false, "done");
        assembler.Push(true, "bye");

        Assert.Equal([(false, "done"), (true, "bye")], assembler.Flush());
        Assert.Empty(assembler.Flush());
    }
}
