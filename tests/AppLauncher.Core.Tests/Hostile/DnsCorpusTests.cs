using AppLauncher.Core.Dns;
using AppLauncher.Core.Tests.Dns;
using Xunit.Abstractions;

namespace AppLauncher.Core.Tests.Hostile;

/// <summary>
/// The DNS codec fed every truncation and damage of real messages, compression loops and random bytes: it decodes or
/// throws <see cref="DnsFormatException"/> saying what is wrong, nothing else.
/// </summary>
public sealed class DnsCorpusTests(ITestOutputHelper output)
{
    public static IEnumerable<(string Case, byte[] Bytes)> Packets()
    {
        string[] real = [DnsVectors.BindSoaResponse, DnsVectors.BindNxDomainResponse, DnsVectors.DigQuery, DnsVectors.NsupdateRequest, DnsVectors.BindUpdateResponse];
        foreach (var (hex, v) in real.Select((h, i) => (h, i)))
        {
            var bytes = Convert.FromHexString(hex);
            for (var n = 0; n < bytes.Length; n++)
            {
                yield return ($"vector {v} truncated at {n}", bytes[..n]);
            }

            for (var i = 0; i < bytes.Length; i++)
            {
                foreach (var d in new byte[] { 0x00, 0xFF, 0xC0, 0x3F, 0x40, 0x80 })
                {
                    var damaged = (byte[])bytes.Clone();
                    damaged[i] = d;
                    yield return ($"vector {v} byte {i} = 0x{d:x2}", damaged);
                }
            }
        }

        // Compression pointers: to themselves, to each other, forward, and a long chain of back-pointers.
        const string header = "000000000001000000000000";
        yield return ("pointer to itself", Convert.FromHexString(header + "c00c00010001"));
        yield return ("two-pointer loop", Convert.FromHexString(header + "0161c00ec00c00010001"));
        var chain = new List<byte>(Convert.FromHexString(header)) { 0x01, (byte)'a', 0x00 };
        for (var i = 0; i < 5000; i++)
        {
            var previous = chain.Count - (i == 0 ? 3 : 4);
            chain.AddRange([0x01, (byte)'b', (byte)(0xC0 | (previous >> 8)), (byte)previous]);
        }

        yield return ("5,000 chained pointers", [.. chain, 0x00, 0x01, 0x00, 0x01]);
        yield return ("65,535 questions, no data", Convert.FromHexString("0000000000ffff00000000" + "00"));
        yield return ("64 KiB of 0xC0", Enumerable.Repeat((byte)0xC0, 65535).ToArray());
        yield return ("64 KiB of zeros", new byte[65535]);

        var random = new Random(12);
        for (var i = 0; i < 5000; i++)
        {
            var bytes = new byte[random.Next(0, 600)];
            random.NextBytes(bytes);
            if (bytes.Length >= 12 && i % 2 == 0)
            {
                // A plausible header, so the damage reaches the sections.
                bytes[4] = 0;
                bytes[5] = (byte)random.Next(0, 4);
                bytes[6] = 0;
                bytes[7] = (byte)random.Next(0, 4);
            }

            yield return ($"random {i} ({bytes.Length} bytes)", bytes);
        }
    }

    [Fact]
    public void Decode_EveryHostilePacket_DecodesOrThrowsDnsFormatExceptionOnly()
    {
        var run = new CorpusRun("DNS packets");
        foreach (var (name, bytes) in Packets())
        {
            run.Run(name, () =>
            {
                try
                {
                    DnsMessageCodec.Decode(bytes);
                    return null;
                }
                catch (DnsFormatException e)
                {
                    return e.Message.Length > 0 ? null : "an empty message";
                }
            });
        }

        run.Print(output);
        Assert.True(run.Problems.Count == 0, run.Report());
    }
}
