using AppLauncher.Core.Config;
using AppLauncher.Proxy;
using AppLauncher.Store;

namespace AppLauncher.Domains;

/// <summary>
/// At start, routes every verified custom domain again; then checks pending ones every
/// <c>domains.verifyIntervalSeconds</c> (0: only when asked).
/// </summary>
internal sealed partial class DomainVerifier(IStore store, DomainTable table, CustomDomainService domains, PlatformConfig config, TimeProvider time, ILogger<DomainVerifier> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var domain in await store.ListDomainsAsync(null, stoppingToken))
        {
            if (domain.Status != DomainStatus.Verified)
            {
                continue;
            }

            // Verified before a rule refused such names (an IP, the control plane's host): kept in the store, not routed.
            if (domains.Refusal(domain.Name) is { } refused)
            {
                Log.NotRouted(logger, domain.Name, domain.App, refused);
                continue;
            }

            table.Set(domain.Name, domain.App);
        }

        if (config.Domains.VerifyIntervalSeconds <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(config.Domains.VerifyIntervalSeconds), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await domains.VerifyPendingAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.CheckFailed(logger, e);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Checking pending custom domains failed")]
        public static partial void CheckFailed(ILogger logger, Exception exception);

        [LoggerMessage(2, LogLevel.Warning, "Custom domain {Domain} of {App} is not routed: {Why}; remove it with 'launcher domains remove'")]
        public static partial void NotRouted(ILogger logger, string domain, string app, string why);
    }
}
