using System.Security.Cryptography;
using AppLauncher.Core.Config;
using AppLauncher.Core.Dns;
using AppLauncher.Core.Domains;
using AppLauncher.Proxy;
using AppLauncher.Store;

namespace AppLauncher.Domains;

/// <summary>
/// Custom domains: added as pending with a token, verified through DNS (a TXT record with the token at
/// <c>_launcher-challenge.{domain}</c>, or a CNAME to the app's own name), then routed by the proxy.
/// A domain belongs to one app at a time.
/// </summary>
internal sealed partial class CustomDomainService(
    IStore store,
    DomainTable table,
    TeamDomainSet teamDomains,
    DnsResolverClient resolver,
    PlatformConfig config,
    TimeProvider time,
    ILogger<CustomDomainService> logger)
{
    public async Task<CustomDomainResult> AddAsync(string app, string domain, CancellationToken cancellationToken)
    {
        if (await store.GetAppAsync(app, cancellationToken) is null)
        {
            return NoSuchApp(app);
        }

        var name = CustomDomainName.Normalize(domain);
        if (Refusal(name) is { } error)
        {
            return CustomDomainResult.Fail(StatusCodes.Status400BadRequest, error);
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        if (await store.AddDomainAsync(name, app, token, time.GetUtcNow(), cancellationToken))
        {
            Log.Added(logger, name, app);
            return CustomDomainResult.Ok(Describe((await store.GetDomainAsync(name, cancellationToken))!, null), StatusCodes.Status201Created);
        }

        var existing = (await store.GetDomainAsync(name, cancellationToken))!;
        return existing.App == app
            ? CustomDomainResult.Ok(Describe(existing, null))
            : CustomDomainResult.Fail(StatusCodes.Status409Conflict,
                $"{name} already belongs to the app '{existing.App}': a domain routes to one app only. Remove it there first (launcher domains remove {existing.App} {name}).");
    }

    /// <summary>The app's custom domains, or null when there is no such app.</summary>
    public async Task<IReadOnlyList<CustomDomainDto>?> ListAsync(string app, CancellationToken cancellationToken) =>
        await store.GetAppAsync(app, cancellationToken) is null
            ? null
            : [.. (await store.ListDomainsAsync(app, cancellationToken)).Select(d => Describe(d, null))];

    /// <summary>Looks the domain up now; verifies and routes it when DNS proves it, else says what is missing.</summary>
    public async Task<CustomDomainResult> VerifyAsync(string app, string domain, CancellationToken cancellationToken)
    {
        var name = CustomDomainName.Normalize(domain);
        if (await store.GetDomainAsync(name, cancellationToken) is not { } record || record.App != app)
        {
            return NoSuchDomain(app, name);
        }

        // Added before a rule refused such names: never routed, whatever its DNS says.
        if (Refusal(name) is { } refused)
        {
            return CustomDomainResult.Fail(StatusCodes.Status400BadRequest, $"{refused}. Remove it (launcher domains remove {app} {name}).");
        }

        if (record.Status == DomainStatus.Verified)
        {
            table.Set(name, app);
            return CustomDomainResult.Ok(Describe(record, "verified"));
        }

        string explanation;
        bool verified;
        try
        {
            var txt = await resolver.QueryAsync(CustomDomainName.ChallengeName(name), DnsType.TXT, cancellationToken);
            var cname = await resolver.QueryAsync(name, DnsType.CNAME, cancellationToken);
            var values = txt.Answers.Select(r => r.Data).OfType<TxtRecordData>().Select(t => string.Concat(t.Strings)).ToList();
            var target = cname.Answers.Where(r => r.Type == DnsType.CNAME && DnsName.AreEqual(r.Name, name)).Select(r => ((NameRecordData)r.Data).Target).FirstOrDefault();
            (verified, explanation) = DomainVerification.Decide(name, record.Token, values, target, AppHost(app));
        }
        catch (Exception e) when (e is IOException or TimeoutException)
        {
            return CustomDomainResult.Ok(Describe(record, $"could not look {name} up: {e.Message}. Check dns.resolver, then run 'launcher domains verify' again"));
        }

        if (!verified)
        {
            return CustomDomainResult.Ok(Describe(record, explanation));
        }

        await store.SetDomainVerifiedAsync(name, time.GetUtcNow(), cancellationToken);
        table.Set(name, app);
        Log.Verified(logger, name, app, explanation);
        return CustomDomainResult.Ok(Describe((await store.GetDomainAsync(name, cancellationToken))!, explanation));
    }

    public async Task<CustomDomainResult> RemoveAsync(string app, string domain, CancellationToken cancellationToken)
    {
        var name = CustomDomainName.Normalize(domain);
        if (await store.GetDomainAsync(name, cancellationToken) is not { } record || record.App != app)
        {
            return NoSuchDomain(app, name);
        }

        await store.RemoveDomainAsync(name, cancellationToken);
        table.Remove(name);
        Log.Removed(logger, name, app);
        return CustomDomainResult.Ok(Describe(record, "removed"));
    }

    /// <summary>Checks every pending domain once (the periodic check).</summary>
    public async Task VerifyPendingAsync(CancellationToken cancellationToken)
    {
        foreach (var domain in await store.ListDomainsAsync(null, cancellationToken))
        {
            if (domain.Status == DomainStatus.Pending)
            {
                await VerifyAsync(domain.App, domain.Name, cancellationToken);
            }
        }
    }

    /// <summary>Why the domain may not be an app's, or null: the rules of <see cref="CustomDomainName.Validate"/> for this platform.</summary>
    public string? Refusal(string name) => CustomDomainName.Validate(name, config.Domain, ControlPlaneHost(config));

    /// <summary>The host the control plane listens on (<c>server.listen</c>), which no app may take.</summary>
    private static string ControlPlaneHost(PlatformConfig config) =>
        Uri.TryCreate(config.Server.Listen, UriKind.Absolute, out var listen) ? listen.IdnHost : config.Domain;

    /// <summary>The CNAME target: the app's own host, <c>{app}.{team}.{domain}</c> when its team opted in.</summary>
    private string AppHost(string app) => teamDomains.HostOf(app);

    private CustomDomainDto Describe(DomainRecord d, string? check) =>
        new(d.Name, d.App, d.Status, d.Token, CustomDomainName.ChallengeName(d.Name), AppHost(d.App), d.CreatedAt, d.VerifiedAt, check);

    private static CustomDomainResult NoSuchApp(string app) =>
        CustomDomainResult.Fail(StatusCodes.Status404NotFound, $"No app named '{app}'. Create it with git push, or launcher apps create {app}.");

    private static CustomDomainResult NoSuchDomain(string app, string domain) =>
        CustomDomainResult.Fail(StatusCodes.Status404NotFound, $"The app '{app}' has no domain {domain}: list its domains with 'launcher domains {app}'.");

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Custom domain {Domain} added to {App}, pending verification")]
        public static partial void Added(ILogger logger, string domain, string app);

        [LoggerMessage(2, LogLevel.Information, "Custom domain {Domain} of {App} verified: {How}")]
        public static partial void Verified(ILogger logger, string domain, string app, string how);

        [LoggerMessage(3, LogLevel.Information, "Custom domain {Domain} removed from {App}")]
        public static partial void Removed(ILogger logger, string domain, string app);
    }
}
