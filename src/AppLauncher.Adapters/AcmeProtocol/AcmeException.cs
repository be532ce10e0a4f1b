using System.Net;

namespace AppLauncher.AcmeProtocol;

/// <summary>
/// The ACME server refused or failed (a problem document, or an answer that is not ACME), or could not be reached.
/// <see cref="RetryAfter"/> is the server's own advice (a 429 or 503's Retry-After) and wins over any backoff.
/// </summary>
public sealed class AcmeException(string message, AcmeProblem? problem = null, HttpStatusCode? status = null, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(message, inner)
{
    public AcmeProblem? Problem { get; } = problem;

    public HttpStatusCode? Status { get; } = status;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    public bool IsRateLimited => Status == HttpStatusCode.TooManyRequests || Problem?.Code == "rateLimited";
}
