using System.Net;
using System.Security.Cryptography;
using AppLauncher.Core.Config;
using AppLauncher.Core.Dns;

namespace AppLauncher.Domains;

/// <summary>
/// Asks one DNS server (<c>dns.resolver</c>, else the first nameserver of /etc/resolv.conf) a question with
/// recursion desired, over UDP with a retry, and again over TCP when the answer is truncated.
/// </summary>
internal sealed class DnsResolverClient(PlatformConfig config)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    /// <summary>The server asked, or null when none is configured and /etc/resolv.conf names none.</summary>
    public IPEndPoint? Server { get; } = Resolve(config.Dns.Resolver);

    /// <summary>The answer to <paramref name="name"/> <paramref name="type"/>; throws <see cref="IOException"/> (or <see cref="TimeoutException"/>) with the reason when there is none.</summary>
    public async Task<DnsMessage> QueryAsync(string name, DnsType type, CancellationToken cancellationToken)
    {
        var server = Server ?? throw new IOException("no DNS resolver to verify domains with: set dns.resolver in launcher.yaml (ip or ip:port)");
        var query = DnsMessageCodec.Encode(new DnsMessage
        {
            Id = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1),
            RecursionDesired = true,
            Questions = [new DnsQuestion(name, type)],
            Additional = [DnsMessage.MakeOpt(1232)],
        });

        byte[] answer;
        try
        {
            answer = await DnsTransport.UdpAsync(server, query, Timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            answer = await DnsTransport.UdpAsync(server, query, Timeout, cancellationToken);
        }

        var response = Decode(answer, server);
        if (response.Truncated)
        {
            response = Decode(await DnsTransport.TcpAsync(server, query, Timeout, cancellationToken), server);
        }

        return response;
    }

    private static DnsMessage Decode(byte[] answer, IPEndPoint server)
    {
        try
        {
            return DnsMessageCodec.Decode(answer);
        }
        catch (DnsFormatException e)
        {
            throw new IOException($"the resolver {server} answered with a malformed message: {e.Message}", e);
        }
    }

    private static IPEndPoint? Resolve(string configured)
    {
        if (configured.Length > 0)
        {
            return DnsEndpoint.TryParse(configured, 53, out var endpoint) ? endpoint : null;
        }

        const string resolvConf = "/etc/resolv.conf";
        if (!File.Exists(resolvConf))
        {
            return null;
        }

        foreach (var line in File.ReadLines(resolvConf))
        {
            var parts = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2 && parts[0] == "nameserver" && IPAddress.TryParse(parts[1], out var address))
            {
                return new IPEndPoint(address, 53);
            }
        }

        return null;
    }
}
