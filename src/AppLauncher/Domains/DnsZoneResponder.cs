using System.Net;
using AppLauncher.Core.Config;
using AppLauncher.Core.Dns;
using AppLauncher.Core.Domains;
using AppLauncher.Proxy;
using AppLauncher.Store;

namespace AppLauncher.Domains;

/// <summary>
/// Answers queries for the apps' zone (the platform's domain) as its authoritative server: A/AAAA for every app's
/// name (and its tags' and previews' names) and the apex (the proxy's addresses), SOA and NS at the apex, TXT from <see cref="DnsTxtRecords"/>,
/// NXDOMAIN with the SOA for unknown names, REFUSED outside the zone. Over UDP an answer larger than the client
/// accepts is cut to its header and question with TC set, so the client asks again over TCP.
/// </summary>
internal sealed class DnsZoneResponder
{
    /// <summary>The UDP payload size this server advertises (the DNS flag day 2020 value).</summary>
    public const ushort ServerUdpPayload = 1232;

    private readonly IStore _store;
    private readonly RouteTable _routes;
    private readonly DnsTxtRecords _txt;
    private readonly DomainNamer _namer;
    private readonly TeamDomainSet _teamDomains;
    private readonly DnsConfig _config;
    private readonly string _zone;
    private readonly string _nameServer;
    private readonly uint _serial;

    public DnsZoneResponder(IStore store, RouteTable routes, DnsTxtRecords txt, DomainNamer namer, TeamDomainSet teamDomains, PlatformConfig config, TimeProvider time)
    {
        _store = store;
        _routes = routes;
        _txt = txt;
        _namer = namer;
        _teamDomains = teamDomains;
        _config = config.Dns;
        _zone = namer.Domain;
        _nameServer = $"ns.{_zone}";
        _serial = (uint)time.GetUtcNow().ToUnixTimeSeconds();
    }

    /// <summary>The response to <paramref name="query"/>, encoded; null when the bytes are too short to answer at all.</summary>
    public async Task<byte[]?> RespondAsync(byte[] query, bool overUdp, CancellationToken cancellationToken)
    {
        DnsMessage request;
        try
        {
            request = DnsMessageCodec.Decode(query);
        }
        catch (DnsFormatException)
        {
            if (query.Length < 12 || (query[2] & 0x80) != 0)
            {
                return null; // no header to answer, or a response: never answer those
            }

            return DnsMessageCodec.Encode(new DnsMessage
            {
                Id = (ushort)((query[0] << 8) | query[1]),
                IsResponse = true,
                Opcode = (DnsOpcode)((query[2] >> 3) & 0xF),
                ResponseCode = DnsResponseCode.FormErr,
            });
        }

        if (request.IsResponse)
        {
            return null;
        }

        var response = await AnswerAsync(request, cancellationToken);
        var bytes = DnsMessageCodec.Encode(response);
        if (overUdp && bytes.Length > request.MaxUdpPayload)
        {
            bytes = DnsMessageCodec.Encode(response with { Truncated = true, Answers = [], Authority = [], Additional = response.Additional.Where(r => r.Type == DnsType.OPT).ToList() });
        }

        return bytes;
    }

    private async Task<DnsMessage> AnswerAsync(DnsMessage request, CancellationToken cancellationToken)
    {
        var response = new DnsMessage
        {
            Id = request.Id,
            IsResponse = true,
            Opcode = request.Opcode,
            RecursionDesired = request.RecursionDesired,
            CheckingDisabled = request.CheckingDisabled,
            Questions = request.Questions,
            Additional = request.Opt is null ? [] : [DnsMessage.MakeOpt(ServerUdpPayload)],
        };

        if (request.Opcode != DnsOpcode.Query)
        {
            return response with { ResponseCode = DnsResponseCode.NotImp };
        }

        if (request.Questions.Count != 1)
        {
            return response with { ResponseCode = DnsResponseCode.FormErr };
        }

        var question = request.Questions[0];
        if (!DnsName.IsAtOrBelow(question.Name, _zone) || question.Class is not (DnsClass.IN or DnsClass.ANY))
        {
            return response with { ResponseCode = DnsResponseCode.Refused };
        }

        var name = DnsName.Normalize(question.Name);
        var records = await RecordsAtAsync(name, question.Name, cancellationToken);
        if (records is null)
        {
            return response with { AuthoritativeAnswer = true, ResponseCode = DnsResponseCode.NXDomain, Authority = [Soa()] };
        }

        var answers = records.Where(r => question.Type == DnsType.ANY || r.Type == question.Type).ToList();
        var additional = response.Additional.ToList();
        if (answers.Any(r => r.Type == DnsType.NS))
        {
            additional.InsertRange(0, Addresses(_nameServer));
        }

        return response with
        {
            AuthoritativeAnswer = true,
            Answers = answers,
            Authority = answers.Count == 0 ? [Soa()] : [],
            Additional = additional,
        };
    }

    /// <summary>Every record at <paramref name="name"/>, or null when the name does not exist in the zone.</summary>
    private async Task<List<DnsRecord>?> RecordsAtAsync(string name, string asked, CancellationToken cancellationToken)
    {
        var records = _txt.Get(name).Select(value => new DnsRecord(asked, DnsType.TXT, DnsClass.IN, Ttl, new TxtRecordData(Split(value)))).ToList();
        if (name == _zone)
        {
            records.Add(Soa() with { Name = asked });
            records.Add(new DnsRecord(asked, DnsType.NS, DnsClass.IN, Ttl, new NameRecordData(_nameServer)));
            records.AddRange(Addresses(asked));
        }
        else if (name == _nameServer)
        {
            records.AddRange(Addresses(asked));
        }
        else if (_namer.Template.AppFrom(name, _zone) is { } label && (await _store.GetAppAsync(label, cancellationToken) is not null || _routes.Resolve(label) is not null))
        {
            // An app, or a tag or branch preview of one ({tag}-{app}).
            records.AddRange(Addresses(asked));
        }
        else if (_teamDomains.AppForTeamHost(name) is not null)
        {
            // An app of a team that opted in to team domains, under its team's name ({app}.{team}.{domain}).
            records.AddRange(Addresses(asked));
        }

        return records.Count > 0 ? records : null;
    }

    private uint Ttl => (uint)_config.Ttl;

    private IEnumerable<DnsRecord> Addresses(string name)
    {
        if (_config.Ipv4.Length > 0)
        {
            yield return new DnsRecord(name, DnsType.A, DnsClass.IN, Ttl, new AddressRecordData(IPAddress.Parse(_config.Ipv4)));
        }

        if (_config.Ipv6.Length > 0)
        {
            yield return new DnsRecord(name, DnsType.AAAA, DnsClass.IN, Ttl, new AddressRecordData(IPAddress.Parse(_config.Ipv6)));
        }
    }

    private DnsRecord Soa() =>
        new(_zone, DnsType.SOA, DnsClass.IN, Ttl, new SoaRecordData(_nameServer, $"hostmaster.{_zone}", _serial, 3600, 600, 86400, Ttl));

    /// <summary>A TXT value longer than one character-string is split into 255-octet strings (RFC 7208 §3.3 style).</summary>
    private static List<string> Split(string value)
    {
        var parts = new List<string>();
        for (var i = 0; i < value.Length; i += 255)
        {
            parts.Add(value.Substring(i, Math.Min(255, value.Length - i)));
        }

        return parts.Count == 0 ? [""] : parts;
    }
}
