namespace AppLauncher.Core.Tests.Dns;

/// <summary>Messages captured from real tools on loopback (BIND 9.18 named, dig, nsupdate), as hex.</summary>
internal static class DnsVectors
{
    /// <summary>named's answer to "apps.test SOA" (id 0x1234, no EDNS): SOA answer, NS authority, glue A, compressed.</summary>
    public const string BindSoaResponse =
        "123484000001000100010001046170707304746573740000060001c00c000600010000003c0026026e73c00c0a686f73746d6173746572c00c0000000100000e1000000258000151800000003cc00c000200010000003c0002c027c027000100010000003c00047f000001";

    /// <summary>named's NXDOMAIN for "missing.apps.test A": the zone's SOA in the authority section.</summary>
    public const string BindNxDomainResponse =
        "abcd84030001000000010000076d697373696e67046170707304746573740000010001c014000600010000003c0026026e73c0140a686f73746d6173746572c0140000000100000e1000000258000151800000003c";

    /// <summary>dig's query "hello.localhost A +norecurse +noedns" (dig sets the AD bit).</summary>
    public const string DigQuery = "ac15002000010000000000000568656c6c6f096c6f63616c686f73740000010001";

    /// <summary>The secret of the key "launcher-key" (hmac-sha256) that signed the two UPDATE messages below (made with tsig-keygen).</summary>
    public const string UpdateKeySecret = "BBmEh0W4apsFYcrw2/6mpuPUBGQQO6DgjIptfHlW7EA=";

    /// <summary>nsupdate's "zone apps.test / update add hello.apps.test 60 A 127.0.0.1", TSIG-signed.</summary>
    public const string NsupdateRequest =
        "8ac2280000010000000100010461707073047465737400000600010568656c6c6fc00c000100010000003c00047f0000010c6c61756e636865722d6b65790000fa00ff00000000003d0b686d61632d7368613235360000006b0465a1012c0020f00c257bfa484057344a41e66133de893ba11a77c9e5313ab36d60e07680b11f8ac200000000";

    /// <summary>named's signed NOERROR answer to <see cref="NsupdateRequest"/>.</summary>
    public const string BindUpdateResponse =
        "8ac2a80000010000000000010461707073047465737400000600010c6c61756e636865722d6b65790000fa00ff00000000003d0b686d61632d7368613235360000006b0465a1012c00200c53e752afb26c143fc8845f2c348045932fb96e59a80a223adcda7e340f6d8d8ac200000000";

    public static byte[] Bytes(string hex) => Convert.FromHexString(hex);
}
