using System.Globalization;
using System.Net;

namespace AppLauncher.Core.Dns;

/// <summary>Parses a DNS server address written as <c>ip</c>, <c>ip:port</c> or <c>[ipv6]:port</c>.</summary>
public static class DnsEndpoint
{
    public static bool TryParse(string text, int defaultPort, out IPEndPoint endpoint)
    {
        endpoint = null!;
        if (IPAddress.TryParse(text, out var bare) && !text.Contains(']', StringComparison.Ordinal) && (bare.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 || !text.Contains(':', StringComparison.Ordinal)))
        {
            endpoint = new IPEndPoint(bare, defaultPort);
            return true;
        }

        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return false;
        }

        var host = text[..colon].Trim('[', ']');
        if (!IPAddress.TryParse(host, out var address))
        {
            return false;
        }

        endpoint = new IPEndPoint(address, port);
        return true;
    }
}
