using System.Net;
using System.Net.Sockets;

namespace AppLauncher.Core.Domains;

/// <summary>
/// The host a request's Host header names (port already stripped), checked before any lookup: a DNS name of at most
/// 253 characters in labels of 1 to 63 letters, digits, '-' or '_', or a bracketed IPv6 literal. The accepted host
/// comes back as it is matched everywhere: lower case, without the one trailing dot an absolute name may carry.
/// </summary>
public static class RequestHost
{
    /// <summary>How much of a refused host a message repeats.</summary>
    private const int Shown = 64;

    public static DomainNameResult Check(string host)
    {
        if (host.Length == 0)
        {
            return DomainNameResult.Failed("the request has no Host: send the host name of the app or of the control plane, e.g. Host: hello.localhost");
        }

        if (host[0] == '[')
        {
            return host.Length > 2 && host[^1] == ']' && IPAddress.TryParse(host.AsSpan(1, host.Length - 2), out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6
                ? DomainNameResult.Ok(host.ToLowerInvariant())
                : DomainNameResult.Failed($"the Host '{Show(host)}' is not a bracketed IPv6 address such as [::1]");
        }

        // One trailing dot makes an absolute name (hello.localhost.): the same host.
        var name = host.AsSpan();
        if (name[^1] == '.')
        {
            name = name[..^1];
        }

        if (name.Length > DomainNamer.MaxHostLength)
        {
            return DomainNameResult.Failed($"the Host '{Show(host)}…' is {host.Length} characters; a DNS name holds at most {DomainNamer.MaxHostLength} (labels at most 63)");
        }

        var upper = false;
        var label = 0;
        foreach (var c in name)
        {
            if (c == '.')
            {
                if (label == 0)
                {
                    return EmptyLabel(host);
                }

                label = 0;
                continue;
            }

            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return DomainNameResult.Failed($"the Host '{Show(host)}' has the character U+{(int)c:X4}; a host name has only letters, digits, '-' and '.'");
            }

            upper |= char.IsAsciiLetterUpper(c);
            if (++label > 63)
            {
                return DomainNameResult.Failed($"the Host '{Show(host)}' has a label of more than 63 characters; a DNS label holds at most 63");
            }
        }

        if (label == 0)
        {
            return EmptyLabel(host);
        }

        var normal = name.Length == host.Length ? host : name.ToString();
        return DomainNameResult.Ok(upper ? normal.ToLowerInvariant() : normal);
    }

    private static DomainNameResult EmptyLabel(string host) =>
        DomainNameResult.Failed($"the Host '{Show(host)}' has an empty label (two dots in a row, or a dot at the start or after the trailing one); send a name such as hello.localhost");

    /// <summary>The start of the host, printable: a message never repeats a 30 KB header or a control character.</summary>
    private static string Show(string host) =>
        string.Create(Math.Min(host.Length, Shown), host, (span, h) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = h[i] is >= ' ' and < '\x7f' ? h[i] : '?';
            }
        });
}
