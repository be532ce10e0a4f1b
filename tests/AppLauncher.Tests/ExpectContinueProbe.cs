using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AppLauncher.Tests;

/// <summary>
/// Sends the head of a request with a body and <c>Expect: 100-continue</c> over a raw socket: a server that reads the
/// body first answers <c>100 Continue</c>; one that refuses first answers the final status straight away, body unread.
/// </summary>
internal static class ExpectContinueProbe
{
    /// <summary>The first status line the server answers (<paramref name="authorization"/> is the whole header value).</summary>
    public static async Task<string> FirstStatusLineAsync(int port, string method, string path, string? authorization, TimeSpan timeout)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        var head = $"{method} {path} HTTP/1.1\r\nHost: localhost:{port}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nExpect: 100-continue\r\n" +
                   (authorization is null ? "" : $"Authorization: {authorization}\r\n") + "\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        using var deadline = new CancellationTokenSource(timeout);
        return await reader.ReadLineAsync(deadline.Token) ?? "";
    }
}
