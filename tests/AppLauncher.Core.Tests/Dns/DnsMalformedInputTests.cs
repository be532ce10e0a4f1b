using AppLauncher.Core.Dns;

namespace AppLauncher.Core.Tests.Dns;

public sealed class DnsMalformedInputTests
{
    private const string Header1Q = "000000000001000000000000";

    public static TheoryData<string, string, string> Malformed => new()
    {
        { "empty", "", "header" },
        { "short header", "00000000000100", "header" },
        { "question count with no question", Header1Q, "more than" },
        { "name cut mid-label", Header1Q + "0568656c6c", "past the end" },
        { "name without terminator", Header1Q + "0568656c6c6f", "past the end" },
        { "question without type/class", Header1Q + "0568656c6c6f00", "truncated" },
        { "type cut off", Header1Q + "0568656c6c6f000001", "truncated" },
        { "pointer to itself", Header1Q + "c00c00010001", "points to offset 12" },
        { "forward pointer", Header1Q + "c01000010001" + "0161000001", "points to offset 16" },
        { "pointer loop", "000000000002000000000000" + "01610000010001" + "0162c01400010001", "a loop" },
        { "two-pointer loop", Header1Q + "0161c00e" + "c00c" + "00010001", "a loop" },
        { "pointer cut off", Header1Q + "016101620163c0", "cut off" },
        { "label type 01", Header1Q + "41" + "00" + "00010001", "label type 0x40" },
        { "label type 10", Header1Q + "81" + "00" + "00010001", "label type 0x80" },
        { "name over 255 octets", Header1Q + string.Concat(Enumerable.Repeat("3f" + new string('6', 126), 5)) + "00" + "00010001", "longer than 255" },
        { "answer count larger than data", "000084000000ffff00000000", "more than" },
        { "rdlength past end", "000084000000000100000000" + "00" + "0001" + "0001" + "00000001" + "0010" + "7f000001", "RDLENGTH 16" },
        { "A with 3 octets", "000084000000000100000000" + "00" + "0001" + "0001" + "00000001" + "0003" + "7f0000", "an address is 4" },
        { "AAAA with 4 octets", "000084000000000100000000" + "00" + "001c" + "0001" + "00000001" + "0004" + "7f000001", "an address is 16" },
        { "TXT string past rdata", "000084000000000100000000" + "00" + "0010" + "0001" + "00000001" + "0003" + "05616263", "runs past the RDATA" },
        { "CNAME name longer than rdata", "000084000000000100000000" + "00" + "0005" + "0001" + "00000001" + "0002" + "016100" + "00", "fields take 3" },
        { "SOA cut inside rdata", "000084000000000100000000" + "00" + "0006" + "0001" + "00000001" + "0004" + "00000000" + new string('0', 40), "RDATA is 4" },
        { "TSIG MAC size past end", "000000000000000000000001" + "00" + "00fa" + "00ff" + "00000000" + "000b" + "00" + "000000000000" + "012c" + "ffff", "truncated" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Decode_MalformedInput_ThrowsDnsFormatExceptionSayingWhat(string what, string hex, string expected)
    {
        var error = Assert.Throws<DnsFormatException>(() => DnsMessageCodec.Decode(Convert.FromHexString(hex)));

        Assert.True(error.Message.Contains(expected, StringComparison.Ordinal), $"{what}: '{error.Message}' does not say '{expected}'");
    }

    [Fact]
    public void Decode_RandomAndMutatedBytes_OnlyEverThrowsDnsFormatException()
    {
        var random = new Random(20261123);
        var seeds = new[] { DnsVectors.BindSoaResponse, DnsVectors.BindNxDomainResponse, DnsVectors.DigQuery, DnsVectors.NsupdateRequest, DnsVectors.BindUpdateResponse }
            .Select(Convert.FromHexString).ToArray();
        var decoded = 0;
        for (var i = 0; i < 20_000; i++)
        {
            byte[] input;
            if (i % 4 == 0)
            {
                input = new byte[random.Next(0, 600)];
                random.NextBytes(input);
            }
            else
            {
                input = (byte[])seeds[random.Next(seeds.Length)].Clone();
                var mutations = random.Next(1, 6);
                for (var m = 0; m < mutations; m++)
                {
                    switch (random.Next(3))
                    {
                        case 0:
                            input[random.Next(input.Length)] = (byte)random.Next(256);
                            break;
                        case 1:
                            input = input[..random.Next(input.Length)];
                            break;
                        default:
                            input[random.Next(input.Length)] ^= (byte)(1 << random.Next(8));
                            break;
                    }

                    if (input.Length == 0)
                    {
                        break;
                    }
                }
            }

            try
            {
                var message = DnsMessageCodec.Decode(input);
                decoded++;
                // Whatever decodes must encode again without surprises.
                DnsMessageCodec.Encode(message);
            }
            catch (DnsFormatException)
            {
            }
        }

        Assert.InRange(decoded, 1, 19_999);
    }
}
