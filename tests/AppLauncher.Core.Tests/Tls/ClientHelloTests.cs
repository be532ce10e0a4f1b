using AppLauncher.Core.Tls;

namespace AppLauncher.Core.Tests.Tls;

public sealed class ClientHelloTests
{
    /// <summary>What OpenSSL 3 sent for <c>openssl s_client -servername hello.localhost -alpn acme-tls/1,h2</c>.</summary>
    private static readonly byte[] OpenSslHello = Convert.FromHexString("16030101500100014c03030ce2596e1ecdf704224c30badad6bb36da1d34e370aa6eeddb33916cb505e78320e720bb0b1e7ebe74c2b43d7d00511dc5b42e850c75e920e51bff732e550891e4003e130213031301c02cc030009fcca9cca8ccaac02bc02f009ec024c028006bc023c0270067c00ac0140039c009c0130033009d009c003d003c0035002f00ff010000c500000014001200000f68656c6c6f2e6c6f63616c686f7374000b000403000102000a00160014001d0017001e00190018010001010102010301040023000000100010000e0a61636d652d746c732f310268320016000000170000000d002a0028040305030603080708080809080a080b080408050806040105010601030303010302040205020602002b0009080304030303020301002d00020101003300260024001d0020bc8d8df5a1da9c47775ed7cff6491a59e4f76beb4f0e4929bb91ade8a6ad1a41");

    [Fact]
    public void Parse_OpenSslHello_ReadsTheServerNameAndTheOfferedProtocols()
    {
        Assert.Equal(ClientHelloResult.Complete, ClientHello.Parse(OpenSslHello, out var hello));

        Assert.Equal("hello.localhost", hello!.ServerName);
        Assert.Equal(["acme-tls/1", "h2"], hello.Protocols);
    }

    [Fact]
    public void Parse_EveryPrefixOfTheHello_AsksForMoreAndNeverThrows()
    {
        for (var length = 0; length < OpenSslHello.Length; length++)
        {
            Assert.Equal(ClientHelloResult.NeedMore, ClientHello.Parse(OpenSslHello.AsSpan(0, length), out var hello));
            Assert.Null(hello);
        }
    }

    [Fact]
    public void Parse_EveryByteChanged_NeverThrows()
    {
        var copy = OpenSslHello.ToArray();
        for (var i = 0; i < copy.Length; i++)
        {
            foreach (var value in new byte[] { 0x00, 0xFF, (byte)(OpenSslHello[i] ^ 0x80) })
            {
                copy[i] = value;
                var result = ClientHello.Parse(copy, out var hello);
                Assert.True(result != ClientHelloResult.Complete || hello is not null);
                copy[i] = OpenSslHello[i];
            }
        }
    }

    [Theory]
    [InlineData("474554202f20485454502f312e310d0a", ClientHelloResult.NotClientHello)]   // GET / HTTP/1.1
    [InlineData("160301ffff01", ClientHelloResult.NotClientHello)]                      // longer than a record may be
    [InlineData("16030100040200000000", ClientHelloResult.NotClientHello)]              // a ServerHello
    [InlineData("1603010008010000040303ffff", ClientHelloResult.Malformed)]             // lengths that do not add up
    public void Parse_NotAHello_SaysWhat(string hex, ClientHelloResult expected)
    {
        Assert.Equal(expected, ClientHello.Parse(Convert.FromHexString(hex), out var hello));
        Assert.Null(hello);
    }

    [Fact]
    public void Parse_AServerNameWithControlCharacters_IsMalformed()
    {
        var copy = OpenSslHello.ToArray();
        var at = copy.AsSpan().IndexOf("hello.localhost"u8);
        copy[at] = 0x0A;

        Assert.Equal(ClientHelloResult.Malformed, ClientHello.Parse(copy, out _));
    }
}
