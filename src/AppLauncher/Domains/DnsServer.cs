using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using AppLauncher.Core.Config;

namespace AppLauncher.Domains;

/// <summary>
/// The embedded authoritative DNS server: UDP and TCP (RFC 7766, several queries per connection) on
/// <c>dns.listen</c>:<c>dns.port</c>. The answers come from <see cref="DnsZoneResponder"/>.
/// </summary>
internal sealed partial class DnsServer(DnsZoneResponder responder, PlatformConfig config, ILogger<DnsServer> logger) : BackgroundService
{
    private static readonly TimeSpan TcpIdleTimeout = TimeSpan.FromSeconds(10);
    private Socket? _udp;
    private TcpListener? _tcp;

    /// <summary>Where the server listens, once started (the port is the real one when dns.port is 0).</summary>
    public IPEndPoint? Endpoint { get; private set; }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var address = IPAddress.Parse(config.Dns.Listen);
        try
        {
            _tcp = new TcpListener(address, config.Dns.Port);
            _tcp.Start();
            var port = ((IPEndPoint)_tcp.LocalEndpoint).Port;
            _udp = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            _udp.Bind(new IPEndPoint(address, port));
            Endpoint = new IPEndPoint(address, port);
        }
        catch (SocketException e)
        {
            Log.CannotListen(logger, $"{config.Dns.Listen}:{config.Dns.Port}", e.Message);
            _tcp?.Stop();
            _udp?.Dispose();
            _tcp = null;
            _udp = null;
            return Task.CompletedTask;
        }

        Log.Listening(logger, config.Domain, Endpoint.ToString());
        return base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ServeUdpAsync(_udp!, stoppingToken), AcceptTcpAsync(_tcp!, stoppingToken));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _tcp?.Stop();
        _udp?.Dispose();
        await base.StopAsync(cancellationToken);
    }

    private async Task ServeUdpAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[65535];
        var any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // e.g. ICMP port unreachable from an earlier answer: not this query's problem
            }

            var query = buffer.AsSpan(0, received.ReceivedBytes).ToArray();
            _ = AnswerUdpAsync(socket, query, received.RemoteEndPoint, cancellationToken);
        }
    }

    private async Task AnswerUdpAsync(Socket socket, byte[] query, EndPoint client, CancellationToken cancellationToken)
    {
        try
        {
            if (await responder.RespondAsync(query, overUdp: true, cancellationToken) is { } response)
            {
                await socket.SendToAsync(response, SocketFlags.None, client, cancellationToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException and not ObjectDisposedException)
        {
            Log.QueryFailed(logger, "UDP", client.ToString() ?? "?", e);
        }
        catch (Exception)
        {
            // shutting down
        }
    }

    private async Task AcceptTcpAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ServeTcpAsync(client, cancellationToken);
        }
    }

    private async Task ServeTcpAsync(TcpClient client, CancellationToken cancellationToken)
    {
        var peer = client.Client.RemoteEndPoint?.ToString() ?? "?";
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var length = new byte[2];
                while (!cancellationToken.IsCancellationRequested)
                {
                    using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    idle.CancelAfter(TcpIdleTimeout);
                    await stream.ReadExactlyAsync(length, idle.Token);
                    var query = new byte[BinaryPrimitives.ReadUInt16BigEndian(length)];
                    await stream.ReadExactlyAsync(query, idle.Token);
                    if (await responder.RespondAsync(query, overUdp: false, cancellationToken) is not { } response)
                    {
                        return;
                    }

                    var framed = new byte[response.Length + 2];
                    BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)response.Length);
                    response.CopyTo(framed, 2);
                    await stream.WriteAsync(framed, cancellationToken);
                }
            }
            catch (Exception e) when (e is EndOfStreamException or IOException or OperationCanceledException or ObjectDisposedException or SocketException)
            {
                // the client closed the connection, went idle, or the server is stopping
            }
            catch (Exception e)
            {
                Log.QueryFailed(logger, "TCP", peer, e);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "DNS server for {Zone} listening on {Endpoint} (UDP and TCP)")]
        public static partial void Listening(ILogger logger, string zone, string endpoint);

        [LoggerMessage(2, LogLevel.Error, "The DNS server cannot listen on {Endpoint}: {Reason}. Choose another dns.port (or LAUNCHER_DNS_PORT); the rest of AppLauncher runs without it")]
        public static partial void CannotListen(ILogger logger, string endpoint, string reason);

        [LoggerMessage(3, LogLevel.Warning, "Answering a DNS query over {Transport} from {Client} failed")]
        public static partial void QueryFailed(ILogger logger, string transport, string client, Exception exception);
    }
}
