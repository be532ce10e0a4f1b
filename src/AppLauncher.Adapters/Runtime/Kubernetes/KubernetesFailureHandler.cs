using System.Net;
using System.Text.Json;
using AppLauncher.Runtime;
using k8s;
using k8s.Models;

namespace AppLauncher.Runtime.Kubernetes;

/// <summary>
/// Sits under the KubernetesClient library's HTTP pipeline and turns every refused or failed call into a
/// <see cref="RuntimeException"/>: what was asked, the Status the API server answered (its message and, for 422, the
/// invalid fields), and what to do. So no caller ever sees the library's <c>HttpOperationException</c>.
/// </summary>
internal sealed class KubernetesFailureHandler(string source, string server) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var what = $"{request.Method} {request.RequestUri?.AbsolutePath}";
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new RuntimeException(
                $"{what}: cannot reach the API server at {server} ({source}): {e.Message}. Check the server address and that its CA is the one in the kubeconfig.", e);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw Failure(what, StatusOf(body, response.StatusCode), source);
        }
    }

    /// <summary>The Status object of a failed call; one made from the HTTP status when the body is not one.</summary>
    internal static V1Status StatusOf(string body, HttpStatusCode code)
    {
        try
        {
            if (KubernetesJson.Deserialize<V1Status>(body) is { Kind: "Status" } status)
            {
                return status;
            }
        }
        catch (JsonException)
        {
        }

        return new V1Status { Code = (int)code, Reason = code.ToString(), Message = body.Trim() };
    }

    /// <summary>A Status as an exception whose message says what was asked, what the server said and what to do.</summary>
    internal static RuntimeException Failure(string what, V1Status status, string source)
    {
        var code = status.Code ?? 0;
        var reason = status.Reason ?? "Unknown";
        var message = (status.Message ?? "").TrimEnd('.');
        var causes = status.Details?.Causes?.Select(c => $"{c.Field}: {c.Message}").ToList() ?? [];
        var hint = code switch
        {
            401 => $" The API server did not accept the credentials of {source}: renew the token or client certificate.",
            403 => $" The identity of {source} lacks this permission: bind it to a role that allows it (README, Kubernetes).",
            409 => " Another writer changed the object at the same moment: apply again.",
            410 => " The watch's resourceVersion is too old: list again, then watch from the list's resourceVersion.",
            422 => causes.Count > 0 ? $" Invalid fields: {string.Join("; ", causes)}." : "",
            >= 500 => " The API server failed: try again; if it keeps failing, look at its logs.",
            _ => "",
        };
        return new RuntimeException($"{what}: {code} {reason}: {message}.{hint}") { StatusCode = code == 0 ? null : code };
    }
}
