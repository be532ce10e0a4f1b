using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using AppLauncher.Certificates;
using AppLauncher.Core.Tls;
using Microsoft.AspNetCore.Connections;

namespace AppLauncher.Hosting;

/// <summary>
/// Before the TLS handshake: peeks at the ClientHello (without consuming it: the TLS layer reads it again) and, when
/// it offers <c>acme-tls/1</c> for a name with a pending TLS-ALPN-01 challenge (RFC 8737), marks the connection so
/// the handshake answers with the challenge certificate. Waits at most for one record and <see cref="PeekTimeout"/>;
/// anything that is not a readable hello goes on to the TLS layer untouched, which refuses it.
/// </summary>
public sealed class AlpnChallengeConnection(ConnectionDelegate next, Func<ServedCertificates> served)
{
    public const string ChallengeKey = "AppLauncher.AlpnChallenge";
    public static readonly SslApplicationProtocol AcmeTls1 = new("acme-tls/1");
    private static readonly TimeSpan PeekTimeout = TimeSpan.FromSeconds(10);

    public async Task OnConnectionAsync(ConnectionContext connection)
    {
        var hello = await PeekAsync(connection);
        if (hello is null)
        {
            return;
        }

        if (hello.Protocols.Contains("acme-tls/1") && served().FindAlpnChallenge(hello.ServerName) is { } certificate)
        {
            connection.Items[ChallengeKey] = certificate;
        }

        await next(connection);
    }

    /// <summary>The hello (an empty one when there is none to read); null when the client went away or took too long.</summary>
    private static async Task<ClientHello?> PeekAsync(ConnectionContext connection)
    {
        var none = new ClientHello(null, []);
        var input = connection.Transport.Input;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
        timeout.CancelAfter(PeekTimeout);
        while (true)
        {
            ReadResult read;
            try
            {
                read = await input.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                connection.Abort(new ConnectionAbortedException("no TLS ClientHello in time"));
                return null;
            }

            var buffer = read.Buffer;
            var result = Parse(buffer, out var hello);
            if (result == ClientHelloResult.NeedMore && !read.IsCompleted && !read.IsCanceled && buffer.Length < ClientHello.MaxRecordBytes)
            {
                // Examined all, consumed nothing: the next read waits for more bytes and still starts at the first.
                input.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }

            // Consumed and examined nothing: the TLS layer's first read gets these bytes at once.
            input.AdvanceTo(buffer.Start);
            return result == ClientHelloResult.Complete ? hello : none;
        }
    }

    private static ClientHelloResult Parse(ReadOnlySequence<byte> buffer, out ClientHello? hello)
    {
        var length = (int)Math.Min(buffer.Length, ClientHello.MaxRecordBytes);
        if (buffer.IsSingleSegment)
        {
            return ClientHello.Parse(buffer.FirstSpan[..length], out hello);
        }

        var copy = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            buffer.Slice(0, length).CopyTo(copy);
            return ClientHello.Parse(copy.AsSpan(0, length), out hello);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }
}
