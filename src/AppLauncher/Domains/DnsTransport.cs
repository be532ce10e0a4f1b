using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace AppLauncher.Domains;

/// <summary>Sends one encoded DNS message and returns the raw answer: over UDP, or over TCP (two-octet length prefix).</summary>
internal static class DnsTransport
{
    /// <summary>Sends over UDP and waits for the answer with the same ID; throws <see cref="TimeoutException"/> when none comes.</summary>
    public static async Task<byte[]> UdpAsync(IPEndPoint server, byte[] message, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(server);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await socket.SendAsync(message, SocketFlags.None, deadline.Token);
            var buffer = new byte[65535];
            while (true)
            {
                var count = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
                if (count >= 2 && buffer[0] == message[0] && buffer[1] == message[1])
                {
                    return buffer[..count];
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no answer from {server} (UDP) within {timeout.TotalSeconds:0.#} s");
        }
        catch (SocketException e)
        {
            throw new IOException($"{server} (UDP): {e.Message}", e);
        }
    }

    /// <summary>Sends over TCP and reads one answer.</summary>
    public static async Task<byte[]> TcpAsync(IPEndPoint server, byte[] message, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var client = new TcpClient(server.AddressFamily);
            await client.ConnectAsync(server, deadline.Token);
            var stream = client.GetStream();
            var framed = new byte[message.Length + 2];
            BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)message.Length);
            message.CopyTo(framed, 2);
            await stream.WriteAsync(framed, deadline.Token);
            var length = new byte[2];
            await stream.ReadExactlyAsync(length, deadline.Token);
            var answer = new byte[BinaryPrimitives.ReadUInt16BigEndian(length)];
            await stream.ReadExactlyAsync(answer, deadline.Token);
            return answer;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no answer from {server} (TCP) within {timeout.TotalSeconds:0.#} s");
        }
        catch (SocketException e)
        {
            throw new IOException($"{server} (TCP): {e.Message}", e);
        }
        catch (EndOfStreamException e)
        {
            throw new IOException($"{server} (TCP) closed the connection before answering", e);
        }
    }
}
