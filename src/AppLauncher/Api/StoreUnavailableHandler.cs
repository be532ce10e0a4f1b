using System.Data.Common;
using AppLauncher.Store;
using Microsoft.AspNetCore.Diagnostics;

namespace AppLauncher.Api;

/// <summary>
/// A database that went away while the server runs: the request that needed it gets 503 with the reason and a
/// <c>Retry-After</c>, not a 500 (the proxy keeps serving the routes it holds in memory; writes happen in transactions,
/// so nothing is left half-written).
/// </summary>
internal sealed class StoreUnavailableHandler(IStore store, IProblemDetailsService problems, ILogger<StoreUnavailableHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var reason = exception switch
        {
            StoreException { Unavailable: true } e => e.Message,
            // A pooled connection cut mid-request (the server stopped or restarted).
            DbException { IsTransient: true } e => $"lost the connection to {store.Description}: {e.Message}.",
            _ => null,
        };
        if (reason is null || context.Response.HasStarted)
        {
            return false;
        }

        logger.LogWarning("{Method} {Path}: the store is unavailable: {Reason}", context.Request.Method, context.Request.Path, reason);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The store is unavailable",
                Detail = $"{reason} Nothing was changed; apps keep serving. Retry in a few seconds.",
            },
        });
    }
}
