using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using AppLauncher.Tests.Domains;
using Xunit.Abstractions;

namespace AppLauncher.Tests.Hostile;

/// <summary>
/// The embedded DNS server on loopback, sent truncated, damaged, random and compression-loop packets over UDP and broken
/// framing over TCP: it never stops, and the real dig still gets its answer afterwards.
/// </summary>
public sealed class DnsServerHostileTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _app = "d" + Guid.NewGuid().ToString("N")[..6];
    private TestLauncher _launcher = null!;
    private int _dnsPort;

    public async Task InitializeAsync()
    {
        _dnsPort = BindServer.FreeUdpAndTcpPort();
        _launcher = await TestLauncher.StartAsync(c =>
        {
            c.Dns.Enabled = true;
            c.Dns.Port = _dnsPort;
        });
        await _launcher.CreateAppAsync(_app);
    }

    public async Task DisposeAsync() => await _launcher.DisposeAsync();

    /// <summary>dig's "hello.localhost A" query.</summary>
    private static readonly byte[] Query = Convert.FromHexString("ac15002000010000000000000568656c6c6f096c6f63616c686f73740000010001");

    private static IEnumerable<byte[]> Packets()
    {
        for (var n = 0; n < Query.Length; n++)
        {
            yield return Query[..n];
        }

        for (var i = 0; i < Query.Length; i++)
        {
            foreach (var d in new byte[] { 0x00, 0xFF, 0xC0, 0x3F })
            {
                var damaged = (byte[])Query.Clone();
                damaged[i] = d;
                yield return damaged;
            }
        }

        const string header = "123401000001000000000000";
        yield return Convert.FromHexString(header + "c00c00010001");
        yield return Convert.FromHexString(header + "0161c00ec00c00010001");
        yield return Convert.FromHexString("1234010000010000000000ff" + "00000100010000");
        yield return Convert.FromHexString("1234" + "7800" + "ffffffffffffffff");
        yield return new byte[65000];
        var random = new Random(53);
        for (var i = 0; i < 500; i++)
        {
            var bytes = new byte[random.Next(0, 512)];
            random.NextBytes(bytes);
            yield return bytes;
        }
    }

    [Fact]
    public async Task HostilePacketsOverUdpAndTcp_TheServerKeepsAnswering()
    {
        var watch = Stopwatch.StartNew();
        var count = 0;
        using (var udp = new UdpClient())
        {
            udp.Connect("127.0.0.1", _dnsPort);
            foreach (var packet in Packets())
            {
                await udp.SendAsync(packet);
                count++;
            }
        }

        // TCP: a length with no data, a length larger than what follows, a zero length, and a query in the corpus.
        foreach (var frame in new[] { new byte[] { 0x00 }, [0xFF, 0xFF, 0x01, 0x02], [0x00, 0x00], Framed(Query[..5]), Framed(Convert.FromHexString("123401000001000000000000c00c00010001")) })
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync("127.0.0.1", _dnsPort);
            await tcp.GetStream().WriteAsync(frame);
            count++;
        }

        watch.Stop();
        output.WriteLine($"hostile corpus DNS server: {count:N0} packets and frames sent in {watch.Elapsed.TotalSeconds:N1} s");

        var answer = await Dig.QueryAsync(_dnsPort, $"{_app}.localhost", "A");
        Assert.Equal("NOERROR", answer.Status);
        Assert.Equal("NOERROR", (await Dig.QueryAsync(_dnsPort, $"{_app}.localhost", "A", "+tcp")).Status);
    }

    private static byte[] Framed(byte[] message)
    {
        var framed = new byte[message.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)message.Length);
        message.CopyTo(framed, 2);
        return framed;
    }
}
