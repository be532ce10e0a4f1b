using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace AppLauncher.AcmeProtocol;

/// <summary>One answer of the ACME server, read within limits: at most <see cref="MaxBytes"/>, JSON at most <see cref="MaxDepth"/> deep.</summary>
internal sealed record AcmeResponse(HttpStatusCode Status, string? ContentType, byte[] Body, string? Nonce, Uri? Location, TimeSpan? RetryAfter, IReadOnlyList<Uri> Links)
{
    public const int MaxBytes = 1024 * 1024;
    public const int MaxDepth = 32;

    public static async Task<AcmeResponse> ReadAsync(HttpResponseMessage response, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var length = response.Content.Headers.ContentLength;
        if (length > MaxBytes)
        {
            throw new AcmeException($"the ACME server's answer to {response.RequestMessage?.RequestUri} is {length} bytes, more than the {MaxBytes} AppLauncher reads", status: response.StatusCode);
        }

        using var body = new MemoryStream();
        await using (var stream = await response.Content.ReadAsStreamAsync(cancellationToken))
        {
            var buffer = new byte[16384];
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (body.Length + read > MaxBytes)
                {
                    throw new AcmeException($"the ACME server's answer to {response.RequestMessage?.RequestUri} is more than the {MaxBytes} bytes AppLauncher reads", status: response.StatusCode);
                }

                body.Write(buffer, 0, read);
            }
        }

        var nonce = response.Headers.TryGetValues("Replay-Nonce", out var nonces) ? nonces.FirstOrDefault() : null;
        var links = response.Headers.TryGetValues("Link", out var values)
            ? values.SelectMany(v => v.Split(',')).Select(ParseUpLink).OfType<Uri>().ToList()
            : [];
        var location = response.Headers.Location is { } l ? (l.IsAbsoluteUri ? l : new Uri(response.RequestMessage!.RequestUri!, l)) : null;
        return new AcmeResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, body.ToArray(), nonce, location, RetryAfterOf(response.Headers.RetryAfter, now), links);
    }

    public bool IsProblem => ContentType == "application/problem+json" || (int)Status >= 400;

    /// <summary>The body as JSON; a body that is not JSON or nests too deep is the server's fault, said as such.</summary>
    public JsonElement Json(string what)
    {
        try
        {
            using var document = JsonDocument.Parse(Body, new JsonDocumentOptions { MaxDepth = MaxDepth });
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new AcmeException($"the ACME server's {what} is not JSON AppLauncher can read ({e.Message})", status: Status);
        }
    }

    public string Text => Encoding.UTF8.GetString(Body);

    /// <summary>The problem document the body holds, or one made of the status when the body is not one.</summary>
    public AcmeProblem Problem()
    {
        if (ContentType == "application/problem+json")
        {
            try
            {
                using var document = JsonDocument.Parse(Body, new JsonDocumentOptions { MaxDepth = MaxDepth });
                if (AcmeJson.Problem(document.RootElement) is { } problem)
                {
                    return problem;
                }
            }
            catch (JsonException)
            {
                // fall through: a problem type the body failed to carry
            }
        }

        var text = Text;
        return new AcmeProblem("about:blank", $"HTTP {(int)Status} {Status}{(text.Length > 0 ? ": " + text[..Math.Min(200, text.Length)] : "")}", (int)Status);
    }

    private static Uri? ParseUpLink(string value)
    {
        var parts = value.Split(';', StringSplitOptions.TrimEntries);
        if (parts.Length < 2 || !parts[0].StartsWith('<') || !parts[0].EndsWith('>') || !parts.Skip(1).Any(p => p.Replace(" ", "", StringComparison.Ordinal) == "rel=\"up\""))
        {
            return null;
        }

        return Uri.TryCreate(parts[0][1..^1], UriKind.Absolute, out var uri) ? uri : null;
    }

    /// <summary>Retry-After as delta-seconds or an HTTP date, capped at a day (a server's typo must not stop renewals for a year).</summary>
    internal static TimeSpan? RetryAfterOf(RetryConditionHeaderValue? header, DateTimeOffset now)
    {
        var delay = header?.Delta ?? (header?.Date is { } date ? date - now : null);
        if (delay is null)
        {
            return null;
        }

        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay > TimeSpan.FromDays(1) ? TimeSpan.FromDays(1) : delay;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{(int)Status} {ContentType}");
}
