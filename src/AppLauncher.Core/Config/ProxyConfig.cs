using System.Net;

namespace AppLauncher.Core.Config;

/// <summary>How the proxy treats what a client says about itself.</summary>
public sealed class ProxyConfig
{
    /// <summary>
    /// Peers (IP addresses or CIDR ranges, e.g. <c>10.0.0.0/8</c>) whose X-Forwarded-For, -Proto and -Host the proxy
    /// keeps (appending to X-Forwarded-For): the load balancers in front of it. From any other peer those headers are
    /// replaced by what the proxy saw. Empty (the default): no peer is trusted.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>
    /// Parses one <see cref="TrustedProxies"/> entry: an address (one host) or a range whose address has no bits past
    /// its prefix; false, with what to write instead, otherwise.
    /// </summary>
    public static bool TryParseTrustedProxy(string value, out IPNetwork network, out string? error)
    {
        network = default;
        error = null;
        var text = (value ?? "").Trim();
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (!IPAddress.TryParse(slash < 0 ? text : text[..slash], out var address) || text.Contains('%', StringComparison.Ordinal))
        {
            error = $"'{value}' is not an IP address or CIDR range: write e.g. 127.0.0.1, 10.0.0.0/8 or fd00::/8";
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var bits = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
        var prefix = bits;
        if (slash >= 0 && (!int.TryParse(text[(slash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out prefix) || prefix > bits))
        {
            error = $"'{value}' has a prefix length that is not a number from 0 to {bits}: write e.g. {address}/{(bits == 32 ? 24 : 64)}";
            return false;
        }

        var first = Truncate(address, prefix);
        if (!first.Equals(address))
        {
            error = $"'{value}' has bits set past its /{prefix} prefix: write the range's first address, e.g. {first}/{prefix}";
            return false;
        }

        network = new IPNetwork(address, prefix);
        return true;
    }

    private static IPAddress Truncate(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xff << (8 - keep));
        }

        return new IPAddress(bytes);
    }
}
