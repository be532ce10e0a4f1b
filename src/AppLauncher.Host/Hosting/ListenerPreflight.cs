using System.Net;
using System.Net.Sockets;
using AppLauncher.Settings;

namespace AppLauncher.Hosting;

/// <summary>
/// Before the server starts: whether each listener's port can be bound, so a port another process holds stops start-up
/// with one clear line (the host would log a stack trace first). Kestrel binds again right after; this only asks.
/// </summary>
public static class ListenerPreflight
{
    /// <summary>The first listener whose port is taken, as a message naming it and what to change; null when all are free.</summary>
    public static string? FindTaken(LauncherSettings settings)
    {
        var listeners = new List<(Uri Url, string Setting)> { (settings.Listen, "server.listen or LAUNCHER_LISTEN") };
        if (settings.TlsListen is { } tls)
        {
            listeners.Add((tls, "tls.listen or LAUNCHER_TLS_LISTEN"));
        }

        foreach (var (url, setting) in listeners)
        {
            foreach (var address in Addresses(url))
            {
                try
                {
                    using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                    socket.Bind(new IPEndPoint(address, url.Port));
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
                {
                    return $"{url.GetLeftPart(UriPartial.Authority)} ({address}:{url.Port}) is in use: another process listens there. Stop it, or choose another port ({setting}).";
                }
                catch (SocketException)
                {
                    // No such address family here (no IPv6 loopback): Kestrel decides, as it does for localhost.
                }
            }
        }

        return null;
    }

    private static IEnumerable<IPAddress> Addresses(Uri url)
    {
        var host = url.Host.Trim('[', ']');
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return [IPAddress.Loopback, IPAddress.IPv6Loopback];
        }

        return IPAddress.TryParse(host, out var address) ? [address] : [IPAddress.Any];
    }
}
