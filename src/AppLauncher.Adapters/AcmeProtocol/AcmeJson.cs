using System.Globalization;
using System.Text.Json;

namespace AppLauncher.AcmeProtocol;

/// <summary>Reads the ACME objects out of the server's JSON, naming the member that is missing or of the wrong kind.</summary>
internal static class AcmeJson
{
    public static AcmeDirectory Directory(JsonElement e) => new(
        RequiredUri(e, "newNonce", "directory"), RequiredUri(e, "newAccount", "directory"), RequiredUri(e, "newOrder", "directory"),
        OptionalUri(e, "renewalInfo"),
        e.TryGetProperty("meta", out var meta) && meta.ValueKind == JsonValueKind.Object ? OptionalUri(meta, "termsOfService") : null);

    public static AcmeOrder Order(Uri url, JsonElement e) => new(
        url,
        RequiredString(e, "status", "order"),
        Array(e, "identifiers").Select(Identifier).ToList(),
        Array(e, "authorizations").Select(a => ToUri(a, "authorizations", "order")).ToList(),
        RequiredUri(e, "finalize", "order"),
        OptionalUri(e, "certificate"),
        e.TryGetProperty("error", out var error) ? Problem(error) : null);

    public static AcmeAuthorization Authorization(Uri url, JsonElement e) => new(
        url,
        Identifier(e.TryGetProperty("identifier", out var id) ? id : throw Missing("identifier", "authorization")),
        RequiredString(e, "status", "authorization"),
        e.TryGetProperty("wildcard", out var w) && w.ValueKind == JsonValueKind.True,
        Array(e, "challenges").Select(Challenge).ToList());

    public static AcmeChallenge Challenge(JsonElement e) => new(
        RequiredString(e, "type", "challenge"),
        RequiredUri(e, "url", "challenge"),
        e.TryGetProperty("token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "",
        RequiredString(e, "status", "challenge"),
        e.TryGetProperty("error", out var error) ? Problem(error) : null);

    public static AcmeRenewalInfo RenewalInfo(JsonElement e, TimeSpan? retryAfter)
    {
        var window = e.TryGetProperty("suggestedWindow", out var w) && w.ValueKind == JsonValueKind.Object ? w : throw Missing("suggestedWindow", "renewal info");
        var start = Time(window, "start");
        var end = Time(window, "end");
        if (end < start)
        {
            throw new AcmeException($"the ACME server's renewal window ends ({end:O}) before it starts ({start:O})");
        }

        return new AcmeRenewalInfo(start, end, OptionalUri(e, "explanationURL"), retryAfter);
    }

    public static AcmeProblem? Problem(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var sub = e.TryGetProperty("subproblems", out var s) && s.ValueKind == JsonValueKind.Array
            ? s.EnumerateArray().Take(100).Select(Problem).OfType<AcmeProblem>().ToList()
            : null;
        return new AcmeProblem(
            type.GetString()!,
            e.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null,
            e.TryGetProperty("status", out var st) && st.ValueKind == JsonValueKind.Number && st.TryGetInt32(out var code) ? code : null,
            sub,
            e.TryGetProperty("identifier", out var id) && id.ValueKind == JsonValueKind.Object ? Identifier(id) : null);
    }

    private static AcmeIdentifier Identifier(JsonElement e) =>
        e.ValueKind == JsonValueKind.Object ? new(RequiredString(e, "type", "identifier"), RequiredString(e, "value", "identifier")) : throw Wrong("identifier", "an object");

    private static IEnumerable<JsonElement> Array(JsonElement e, string name) =>
        e.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array ? a.EnumerateArray().Take(1000) : throw Missing(name, "object");

    private static string RequiredString(JsonElement e, string name, string what) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Missing(name, what);

    private static Uri RequiredUri(JsonElement e, string name, string what) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? ToUri(v, name, what) : throw Missing(name, what);

    private static Uri? OptionalUri(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && Uri.TryCreate(v.GetString(), UriKind.Absolute, out var uri) ? uri : null;

    private static Uri ToUri(JsonElement v, string name, string what) =>
        v.ValueKind == JsonValueKind.String && Uri.TryCreate(v.GetString(), UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            ? uri
            : throw new AcmeException($"the ACME server's {what} has '{name}' that is not an absolute URL");

    private static DateTimeOffset Time(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t
            : throw Missing(name, "renewal window");

    private static AcmeException Missing(string name, string what) => new($"the ACME server's {what} lacks '{name}' (or it is of the wrong type)");

    private static AcmeException Wrong(string name, string expected) => new($"the ACME server's '{name}' is not {expected}");
}
