using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AppLauncher.Core.Manifests;

namespace AppLauncher.Kubernetes;

/// <summary>Thin typed client for the Kubernetes REST API over HttpClient: apply, scale, list, watch, delete, logs.</summary>
public sealed class KubernetesClient : IKubernetesClient, IDisposable
{
    private readonly HttpClient _http;
    private readonly KubernetesConnection _connection;

    public KubernetesClient(KubernetesConnection connection)
    {
        _connection = connection;
        var handler = new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60) };
        if (connection.ClientCertificate is { } certificate)
        {
            handler.SslOptions.ClientCertificates = new X509CertificateCollection { certificate };
        }

        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            ValidateServerCertificate(connection, certificate as X509Certificate2, errors);
        _http = new HttpClient(handler) { BaseAddress = connection.Server, Timeout = Timeout.InfiniteTimeSpan };
        if (connection.Token is { } token)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("applauncher", "1.0"));
    }

    /// <summary>The server's certificate must chain to the configured CA (or the system's, when none is given) and name the server.</summary>
    internal static bool ValidateServerCertificate(KubernetesConnection connection, X509Certificate2? certificate, SslPolicyErrors errors)
    {
        if (connection.InsecureSkipTlsVerify)
        {
            return true;
        }

        if (connection.CertificateAuthorities is not { Count: > 0 } authorities || certificate is null)
        {
            return errors == SslPolicyErrors.None;
        }

        if ((errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    public async Task<JsonObject> ApplyAsync(OrderedDictionary<string, object?> manifest, CancellationToken cancellationToken)
    {
        var resource = KubernetesResource.Of((string)manifest["apiVersion"]!, (string)manifest["kind"]!);
        var metadata = (OrderedDictionary<string, object?>)manifest["metadata"]!;
        var path = resource.ObjectPath(metadata.TryGetValue("namespace", out var ns) ? (string?)ns : null, (string)metadata["name"]!);
        using var content = new StringContent(ManifestYamlWriter.Write(manifest), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/apply-patch+yaml");
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"{path}?fieldManager={ManifestNames.FieldManager}&force=true") { Content = content };
        return await SendJsonAsync(request, cancellationToken);
    }

    public async Task<int> GetScaleAsync(string ns, string deployment, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, ScalePath(ns, deployment));
        var scale = await SendJsonAsync(request, cancellationToken);
        return scale["spec"]?["replicas"]?.GetValue<int>() ?? 0;
    }

    public async Task ScaleAsync(string ns, string deployment, int replicas, CancellationToken cancellationToken)
    {
        using var content = new StringContent(new JsonObject { ["spec"] = new JsonObject { ["replicas"] = replicas } }.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/merge-patch+json");
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"{ScalePath(ns, deployment)}?fieldManager={ManifestNames.FieldManager}") { Content = content };
        await SendJsonAsync(request, cancellationToken);
    }

    public async Task<KubernetesList> ListAsync(KubernetesResource resource, string? ns, string? labelSelector, CancellationToken cancellationToken)
    {
        var query = labelSelector is null ? "" : $"?labelSelector={Uri.EscapeDataString(labelSelector)}";
        using var request = new HttpRequestMessage(HttpMethod.Get, resource.CollectionPath(ns) + query);
        var list = await SendJsonAsync(request, cancellationToken);
        var items = list["items"]?.AsArray().Select(i => i!.AsObject()).ToList() ?? [];
        return new KubernetesList(items, list["metadata"]?["resourceVersion"]?.GetValue<string>() ?? "");
    }

    public async IAsyncEnumerable<KubernetesWatchEvent> WatchAsync(
        KubernetesResource resource, string ns, string? labelSelector, string resourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = $"?watch=true&allowWatchBookmarks=true&resourceVersion={Uri.EscapeDataString(resourceVersion)}" +
                    (labelSelector is null ? "" : $"&labelSelector={Uri.EscapeDataString(labelSelector)}");
        using var request = new HttpRequestMessage(HttpMethod.Get, resource.CollectionPath(ns) + query);
        using var response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken), Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var json = JsonNode.Parse(line)?.AsObject() ?? throw new KubernetesException(0, "BadWatchEvent", $"watch {resource.Plural}: empty event");
            var type = json["type"]?.GetValue<string>() ?? "";
            var obj = json["object"]?.AsObject() ?? new JsonObject();
            if (type == "ERROR")
            {
                throw StatusException($"watch {resource.CollectionPath(ns)}", obj);
            }

            yield return new KubernetesWatchEvent(type, obj);
        }
    }

    public async Task<bool> DeleteAsync(KubernetesResource resource, string? ns, string name, CancellationToken cancellationToken)
    {
        using var content = JsonContent("""{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Foreground"}""");
        using var request = new HttpRequestMessage(HttpMethod.Delete, resource.ObjectPath(ns, name)) { Content = content };
        try
        {
            await SendJsonAsync(request, cancellationToken);
            return true;
        }
        catch (KubernetesException e) when (e.StatusCode == 404)
        {
            return false;
        }
    }

    public async Task<string> PodLogsAsync(string ns, string pod, string container, int tail, CancellationToken cancellationToken)
    {
        var path = $"{KubernetesResource.Pod.ObjectPath(ns, pod)}/log?container={Uri.EscapeDataString(container)}&tailLines={tail}";
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    public void Dispose() => _http.Dispose();

    private static string ScalePath(string ns, string deployment) => KubernetesResource.Deployment.ObjectPath(ns, deployment) + "/scale";

    private static StringContent JsonContent(string json)
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private async Task<JsonObject> SendJsonAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return JsonNode.Parse(body)?.AsObject() ?? new JsonObject();
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        var what = $"{request.Method} {request.RequestUri?.OriginalString}";
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new KubernetesException(0, "Unreachable",
                $"{what}: cannot reach the API server at {_connection.Server} ({_connection.Source}): {e.Message}. Check the server address and that its CA is the one in the kubeconfig.");
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            JsonObject? status = null;
            try
            {
                status = JsonNode.Parse(body) as JsonObject;
            }
            catch (JsonException)
            {
            }

            throw StatusException(what, status ?? new JsonObject { ["code"] = (int)response.StatusCode, ["message"] = body.Trim() }, response.StatusCode);
        }
    }

    /// <summary>A Status object as an exception whose message says what was asked, what the server said and what to do.</summary>
    private KubernetesException StatusException(string what, JsonObject status, HttpStatusCode? httpStatus = null)
    {
        var code = status["code"]?.GetValue<int>() ?? (int?)httpStatus ?? 0;
        var reason = status["reason"]?.GetValue<string>() ?? httpStatus?.ToString() ?? "Unknown";
        var message = (status["message"]?.GetValue<string>() ?? "").TrimEnd('.');
        var causes = status["details"]?["causes"]?.AsArray()
            .Select(c => $"{c?["field"]?.GetValue<string>()}: {c?["message"]?.GetValue<string>()}")
            .ToList() ?? [];
        var hint = code switch
        {
            401 => $" The API server did not accept the credentials of {_connection.Source}: renew the token or client certificate.",
            403 => $" The identity of {_connection.Source} lacks this permission: bind it to a role that allows it (README, Kubernetes).",
            409 => " Another writer changed the object at the same moment: apply again.",
            410 => " The watch's resourceVersion is too old: list again, then watch from the list's resourceVersion.",
            422 => causes.Count > 0 ? $" Invalid fields: {string.Join("; ", causes)}." : "",
            _ => "",
        };
        return new KubernetesException(code, reason, $"{what}: {code} {reason}: {message}.{hint}");
    }
}
