using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace AppLauncher.AcmeProtocol;

/// <summary>
/// A thin, typed ACME client (RFC 8555) for one account on one server: directory, nonces (a <c>badNonce</c> is retried
/// with the fresh nonce the refusal carries), account, orders, authorizations, challenges, finalize, download, and ARI
/// (RFC 9773) when the directory offers it. Every answer is read within <see cref="AcmeResponse"/>'s limits; every
/// refusal is an <see cref="AcmeException"/> with the server's problem document and Retry-After.
/// </summary>
public sealed class AcmeClient(HttpClient http, Uri directoryUrl, ECDsa accountKey, TimeProvider time)
{
    private const int BadNonceRetries = 5;
    private readonly AcmeJws _jws = new(accountKey);
    private readonly SemaphoreSlim _nonceGate = new(1, 1);
    private AcmeDirectory? _directory;
    private string? _nonce;

    public Uri DirectoryUrl => directoryUrl;

    /// <summary>The account's URL (<c>kid</c>) once <see cref="RegisterAsync"/> ran or it was set from the store.</summary>
    public Uri? AccountUrl { get; set; }

    public AcmeJws Jws => _jws;

    public async Task<AcmeDirectory> GetDirectoryAsync(CancellationToken cancellationToken)
    {
        if (_directory is not null)
        {
            return _directory;
        }

        var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, directoryUrl), cancellationToken);
        if (response.IsProblem)
        {
            throw Refused("the directory", response);
        }

        return _directory = AcmeJson.Directory(response.Json("directory"));
    }

    /// <summary>Creates the account (or finds the one this key has: RFC 8555 §7.3.1 answers 200 with its URL).</summary>
    public async Task<Uri> RegisterAsync(string? email, CancellationToken cancellationToken)
    {
        var directory = await GetDirectoryAsync(cancellationToken);
        var payload = string.IsNullOrEmpty(email)
            ? """{"termsOfServiceAgreed":true}"""
            : $$"""{"termsOfServiceAgreed":true,"contact":[{{JsonSerializer.Serialize("mailto:" + email)}}]}""";
        var response = await PostAsync(directory.NewAccount, payload, "account", useJwk: true, cancellationToken);
        AccountUrl = response.Location ?? throw new AcmeException("the ACME server created the account but gave no Location for it");
        return AccountUrl;
    }

    /// <summary>Places an order for <paramref name="names"/>; <paramref name="replaces"/> is the ARI id of the certificate it renews.</summary>
    public async Task<AcmeOrder> NewOrderAsync(IReadOnlyList<string> names, string? replaces, CancellationToken cancellationToken)
    {
        var directory = await GetDirectoryAsync(cancellationToken);
        var identifiers = string.Join(',', names.Select(n => $$"""{"type":"dns","value":{{JsonSerializer.Serialize(n)}}}"""));
        var payload = replaces is not null && directory.RenewalInfo is not null
            ? $$"""{"identifiers":[{{identifiers}}],"replaces":{{JsonSerializer.Serialize(replaces)}}}"""
            : $$"""{"identifiers":[{{identifiers}}]}""";
        var response = await PostAsync(directory.NewOrder, payload, "order", useJwk: false, cancellationToken);
        var url = response.Location ?? throw new AcmeException("the ACME server created the order but gave no Location for it");
        return AcmeJson.Order(url, response.Json("order"));
    }

    public async Task<AcmeOrder> GetOrderAsync(Uri url, CancellationToken cancellationToken) =>
        AcmeJson.Order(url, (await PostAsync(url, null, "order", useJwk: false, cancellationToken)).Json("order"));

    public async Task<AcmeAuthorization> GetAuthorizationAsync(Uri url, CancellationToken cancellationToken) =>
        AcmeJson.Authorization(url, (await PostAsync(url, null, "authorization", useJwk: false, cancellationToken)).Json("authorization"));

    /// <summary>Tells the server the challenge is ready to be validated (an empty JSON object, RFC 8555 §7.5.1).</summary>
    public async Task<AcmeChallenge> AnswerAsync(AcmeChallenge challenge, CancellationToken cancellationToken) =>
        AcmeJson.Challenge((await PostAsync(challenge.Url, "{}", "challenge", useJwk: false, cancellationToken)).Json("challenge"));

    /// <summary>Polls the authorization until it is no longer pending, at the server's Retry-After (or every second).</summary>
    public async Task<AcmeAuthorization> WaitForAuthorizationAsync(Uri url, CancellationToken cancellationToken)
    {
        while (true)
        {
            var response = await PostAsync(url, null, "authorization", useJwk: false, cancellationToken);
            var authorization = AcmeJson.Authorization(url, response.Json("authorization"));
            if (authorization.Status != "pending")
            {
                return authorization;
            }

            await Task.Delay(PollDelay(response), time, cancellationToken);
        }
    }

    /// <summary>Finalizes with the CSR and polls the order until it is valid or invalid.</summary>
    public async Task<AcmeOrder> FinalizeAsync(AcmeOrder order, byte[] csr, CancellationToken cancellationToken)
    {
        var response = await PostAsync(order.Finalize, $$"""{"csr":"{{AcmeJws.Base64Url(csr)}}"}""", "order", useJwk: false, cancellationToken);
        var current = AcmeJson.Order(order.Url, response.Json("order"));
        while (current.Status is "processing" or "ready" or "pending")
        {
            await Task.Delay(PollDelay(response), time, cancellationToken);
            response = await PostAsync(order.Url, null, "order", useJwk: false, cancellationToken);
            current = AcmeJson.Order(order.Url, response.Json("order"));
            if (current.Status is "pending" or "ready")
            {
                throw new AcmeException($"the ACME server put the finalized order {order.Url} back to '{current.Status}'");
            }
        }

        return current;
    }

    /// <summary>The certificate chain, PEM (RFC 8555 §7.4.2), leaf first.</summary>
    public async Task<string> DownloadAsync(Uri certificate, CancellationToken cancellationToken)
    {
        var response = await PostAsync(certificate, null, "certificate", useJwk: false, cancellationToken, accept: "application/pem-certificate-chain");
        return response.Text;
    }

    /// <summary>The server's renewal advice for <paramref name="certificate"/>; null when the directory offers no ARI or the certificate cannot be named.</summary>
    public async Task<AcmeRenewalInfo?> GetRenewalInfoAsync(X509Certificate2 certificate, CancellationToken cancellationToken)
    {
        var directory = await GetDirectoryAsync(cancellationToken);
        if (directory.RenewalInfo is null || AcmeCertificateId.Of(certificate) is not { } id)
        {
            return null;
        }

        var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(directory.RenewalInfo.AbsoluteUri.TrimEnd('/') + "/" + id)), cancellationToken);
        if (response.IsProblem)
        {
            throw Refused("the renewal info", response);
        }

        return AcmeJson.RenewalInfo(response.Json("renewal info"), response.RetryAfter);
    }

    private TimeSpan PollDelay(AcmeResponse response) =>
        response.RetryAfter is { } after ? TimeSpan.FromSeconds(Math.Clamp(after.TotalSeconds, 0.2, 60)) : TimeSpan.FromSeconds(1);

    private async Task<AcmeResponse> PostAsync(Uri url, string? payload, string what, bool useJwk, CancellationToken cancellationToken, string? accept = null)
    {
        if (!useJwk && AccountUrl is null)
        {
            throw new InvalidOperationException("register the account before any other request");
        }

        for (var attempt = 0; ; attempt++)
        {
            var nonce = await NonceAsync(cancellationToken);
            var body = _jws.Sign(url, nonce, payload, useJwk ? null : AccountUrl);
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/jose+json");
            if (accept is not null)
            {
                request.Headers.Accept.ParseAdd(accept);
            }

            var response = await SendAsync(request, cancellationToken);
            if (!response.IsProblem)
            {
                return response;
            }

            var problem = response.Problem();
            if (problem.Code == "badNonce" && attempt < BadNonceRetries)
            {
                continue; // the refusal carried a fresh nonce (SendAsync kept it)
            }

            throw new AcmeException($"the ACME server refused the {what} request to {url}: {problem}", problem, response.Status, response.RetryAfter);
        }
    }

    private async Task<string> NonceAsync(CancellationToken cancellationToken)
    {
        await _nonceGate.WaitAsync(cancellationToken);
        try
        {
            if (_nonce is { } kept)
            {
                _nonce = null;
                return kept;
            }
        }
        finally
        {
            _nonceGate.Release();
        }

        var directory = await GetDirectoryAsync(cancellationToken);
        var response = await SendAsync(new HttpRequestMessage(HttpMethod.Head, directory.NewNonce), cancellationToken, keepNonce: false);
        return response.Nonce ?? throw new AcmeException($"the ACME server's newNonce ({directory.NewNonce}) answered {response} without a Replay-Nonce");
    }

    private async Task<AcmeResponse> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken, bool keepNonce = true)
    {
        AcmeResponse response;
        try
        {
            using (request)
            using (var message = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken))
            {
                response = await AcmeResponse.ReadAsync(message, time.GetUtcNow(), cancellationToken);
            }
        }
        catch (HttpRequestException e)
        {
            throw new AcmeException($"the ACME server at {request.RequestUri?.GetLeftPart(UriPartial.Authority)} could not be reached: {e.Message}", inner: e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AcmeException($"the ACME server at {request.RequestUri?.GetLeftPart(UriPartial.Authority)} did not answer in {http.Timeout.TotalSeconds:0} s", inner: e);
        }

        if (keepNonce && response.Nonce is { } nonce)
        {
            await _nonceGate.WaitAsync(cancellationToken);
            _nonce = nonce;
            _nonceGate.Release();
        }

        return response;
    }

    private static AcmeException Refused(string what, AcmeResponse response)
    {
        var problem = response.Problem();
        return new AcmeException($"the ACME server refused {what}: {problem}", problem, response.Status, response.RetryAfter);
    }
}
