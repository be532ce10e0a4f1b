using System.Net;
using System.Security.Cryptography;
using AppLauncher.Core.Config;
using AppLauncher.Core.Dns;

namespace AppLauncher.Domains;

/// <summary>
/// Sends RFC 2136 UPDATE messages signed with TSIG to the server in <c>dns.register</c>, checks the signed answer,
/// and turns every failure into a <see cref="DnsUpdateException"/> that says what to fix.
/// </summary>
internal sealed class DnsUpdateClient(DnsRegisterConfig config, TimeProvider time)
{
    private readonly TsigKey _key = TsigKey.FromBase64(config.KeyName, config.Algorithm, config.KeySecret);
    private readonly IPEndPoint _server = new(IPAddress.Parse(config.Server), config.Port);

    public string Zone => config.Zone;

    /// <summary>Replaces the A and AAAA records at <paramref name="name"/> with <paramref name="addresses"/>.</summary>
    public Task ReplaceAddressesAsync(string name, IReadOnlyList<IPAddress> addresses, CancellationToken cancellationToken)
    {
        var updates = new List<DnsRecord>
        {
            new(name, DnsType.A, DnsClass.ANY, 0, OpaqueRecordData.Empty),
            new(name, DnsType.AAAA, DnsClass.ANY, 0, OpaqueRecordData.Empty),
        };
        updates.AddRange(addresses.Select(a => new DnsRecord(
            name, a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? DnsType.AAAA : DnsType.A, DnsClass.IN, (uint)config.Ttl, new AddressRecordData(a))));
        return SendAsync(updates, cancellationToken);
    }

    /// <summary>Deletes the A and AAAA records at <paramref name="name"/> (nothing else the operator put there).</summary>
    public Task DeleteAddressesAsync(string name, CancellationToken cancellationToken) =>
        SendAsync(
        [
            new(name, DnsType.A, DnsClass.ANY, 0, OpaqueRecordData.Empty),
            new(name, DnsType.AAAA, DnsClass.ANY, 0, OpaqueRecordData.Empty),
        ], cancellationToken);

    /// <summary>Adds one TXT value at <paramref name="name"/> (an ACME dns-01 challenge), keeping the others there.</summary>
    public Task AddTxtAsync(string name, string value, int ttl, CancellationToken cancellationToken) =>
        SendAsync([new(name, DnsType.TXT, DnsClass.IN, (uint)ttl, new TxtRecordData(value))], cancellationToken);

    /// <summary>Deletes exactly that TXT value at <paramref name="name"/> (RFC 2136 §2.5.4: class NONE), nothing else.</summary>
    public Task DeleteTxtAsync(string name, string value, CancellationToken cancellationToken) =>
        SendAsync([new(name, DnsType.TXT, DnsClass.NONE, 0, new TxtRecordData(value))], cancellationToken);

    private async Task SendAsync(IReadOnlyList<DnsRecord> updates, CancellationToken cancellationToken)
    {
        var message = new DnsMessage
        {
            Id = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1),
            Opcode = DnsOpcode.Update,
            Questions = [new DnsQuestion(config.Zone, DnsType.SOA)],
            Authority = updates,
        };
        var (signed, mac) = TsigSigner.Sign(DnsMessageCodec.Encode(message), _key, time.GetUtcNow());
        var timeout = TimeSpan.FromSeconds(config.TimeoutSeconds);
        byte[] answer;
        try
        {
            answer = await DnsTransport.UdpAsync(_server, signed, timeout, cancellationToken);
            if (answer.Length >= 3 && (answer[2] & 0x02) != 0)
            {
                answer = await DnsTransport.TcpAsync(_server, signed, timeout, cancellationToken);
            }
        }
        catch (Exception e) when (e is TimeoutException or IOException)
        {
            throw new DnsUpdateException($"the DNS server {_server} did not take the update for zone {config.Zone}: {e.Message}. Check that it runs and that dns.register.server and port point at it.");
        }

        DnsMessage response;
        try
        {
            response = DnsMessageCodec.Decode(answer);
        }
        catch (DnsFormatException e)
        {
            throw new DnsUpdateException($"the DNS server {_server} answered the update for zone {config.Zone} with a malformed message: {e.Message}");
        }

        if (response.Tsig?.Data is TsigRecordData { Error: not DnsResponseCode.NoError } refused)
        {
            throw new DnsUpdateException(KeyRefused(refused.Error));
        }

        if (response.ResponseCode != DnsResponseCode.NoError)
        {
            throw new DnsUpdateException(Refused(response.ResponseCode));
        }

        if (response.Tsig is null)
        {
            throw new DnsUpdateException($"the DNS server {_server} answered the update for zone {config.Zone} without a TSIG signature, so the answer cannot be trusted: check that the server knows the key '{config.KeyName}'");
        }

        var verification = TsigSigner.Verify(answer, _key, time.GetUtcNow(), mac);
        if (!verification.IsValid)
        {
            throw new DnsUpdateException($"the DNS server {_server} answered the update for zone {config.Zone}, but its signature does not check out: {verification.Problem}");
        }
    }

    private string KeyRefused(DnsResponseCode error) => error switch
    {
        DnsResponseCode.BadKey => $"the TSIG key '{config.KeyName}' was refused by {_server} (BADKEY): the server has no key of that name and algorithm ({config.Algorithm}); check dns.register.keyName and algorithm against its key statement",
        DnsResponseCode.BadTime => $"the TSIG key '{config.KeyName}' was refused by {_server} (BADTIME): this machine's clock and the server's differ by more than 300 s; synchronise them",
        _ => $"the TSIG key '{config.KeyName}' was refused by {_server} (BADSIG): the secret in dns.register.keySecret does not match the server's key; copy it from the server's key statement",
    };

    private string Refused(DnsResponseCode code) => code switch
    {
        DnsResponseCode.Refused => $"the DNS server {_server} refused the update for zone {config.Zone} (REFUSED): allow the key '{config.KeyName}' to update it (BIND: update-policy {{ grant {config.KeyName} zonesub ANY; }};)",
        DnsResponseCode.NotAuth or DnsResponseCode.NotZone => $"the DNS server {_server} is not the primary server of zone {config.Zone} ({code}): point dns.register.server at the zone's primary, or fix dns.register.zone",
        _ => $"the DNS server {_server} did not apply the update for zone {config.Zone}: it answered {code}",
    };
}
