using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AppLauncher.Runtime.Kubernetes;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace AppLauncher.Tests.Kubernetes;

/// <summary>
/// An in-process stand-in for a Kubernetes API server (none can run on these machines): HTTPS on 127.0.0.1 with its
/// own CA, bearer-token and client-certificate authentication, and the checks the real server makes on the calls
/// AppLauncher uses — path, verb, content type, fieldManager, body shape — answering with Status objects like the
/// real one (401, 404, 409, 415, 422 with causes) and streaming watch events, including a 410 Expired ERROR event.
/// It is not Kubernetes: it keeps objects as given, runs no controllers, and knows only the kinds AppLauncher makes.
/// A test plays the Job controller and the kubelet for one Job when it says so (<see cref="StartJobPod"/>,
/// <see cref="StartDeploymentPod"/> for a Deployment's pod,
/// <see cref="AppendPodLog"/>, <see cref="FinishJob"/>): the pod and the status transitions they write, in the API's
/// shapes; deleting a Job with a propagation policy removes its pods, as the garbage collector does.
/// </summary>
internal sealed class KubernetesApiStandIn : IAsyncDisposable
{
    public const string Token = "stand-in-token-4b1d";

    private static readonly Dictionary<string, string> Kinds = new()
    {
        ["namespaces"] = "Namespace", ["serviceaccounts"] = "ServiceAccount", ["services"] = "Service", ["pods"] = "Pod",
        ["deployments"] = "Deployment", ["horizontalpodautoscalers"] = "HorizontalPodAutoscaler",
        ["poddisruptionbudgets"] = "PodDisruptionBudget", ["networkpolicies"] = "NetworkPolicy", ["cronjobs"] = "CronJob", ["jobs"] = "Job",
        ["endpointslices"] = "EndpointSlice",
    };

    private readonly WebApplication _app;
    private readonly object _lock = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly Dictionary<string, JsonObject> _objects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _managers = new(StringComparer.Ordinal);
    private readonly List<(long Version, string Type, string Collection, JsonObject Object)> _events = [];
    private readonly List<(string Method, string Path, JsonObject Status)> _faults = [];
    private readonly Dictionary<string, string> _logs = new(StringComparer.Ordinal);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource _watches = new();
    private long _version = 1000;
    private long _compactedThrough;
    private int _expiredWatches;
    private int _kubeconfigs;
    private readonly TempDirectory _files = new();

    private KubernetesApiStandIn(WebApplication app, StandInCertificates certificates)
    {
        _app = app;
        Certificates = certificates;
    }

    public StandInCertificates Certificates { get; }

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return _requests.ToList();
            }
        }
    }

    public static async Task<KubernetesApiStandIn> StartAsync()
    {
        var certificates = new StandInCertificates();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(https =>
        {
            https.ServerCertificate = certificates.Server;
            https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
            https.ClientCertificateValidation = (certificate, _, _) => certificate.Thumbprint == certificates.Client.Thumbprint;
        })));
        var app = builder.Build();
        var standIn = new KubernetesApiStandIn(app, certificates);
        app.Run(standIn.HandleAsync);
        await app.StartAsync();
        var address = app.Urls.First();
        standIn.Url = new Uri(address);
        return standIn;
    }

    /// <summary>A kubeconfig for this server: a token user, or a client-certificate user; the CA inline or not at all.</summary>
    public string Kubeconfig(bool clientCertificate = false, string? token = Token, bool includeCa = true, bool insecure = false)
    {
        static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        var ca = includeCa ? $"\n    certificate-authority-data: {B64(StandInCertificates.Pem("CERTIFICATE", Certificates.Authority.RawData))}" : "";
        var user = clientCertificate
            ? $"\n    client-certificate-data: {B64(StandInCertificates.Pem("CERTIFICATE", Certificates.Client.RawData))}\n    client-key-data: {B64(Certificates.ClientKeyPem())}"
            : $"\n    token: {token}";
        return $"""
            apiVersion: v1
            kind: Config
            current-context: stand-in
            clusters:
            - name: other
              cluster:
                server: https://192.0.2.1:6443
            - name: stand-in
              cluster:
                server: {Url.ToString().TrimEnd('/')}{ca}{(insecure ? "\n    insecure-skip-tls-verify: true" : "")}
            contexts:
            - name: other
              context:
                cluster: other
                user: other
            - name: stand-in
              context:
                cluster: stand-in
                user: applauncher
                namespace: apps
            users:
            - name: other
              user:
                token: not-this-one
            - name: applauncher
              user:{user}
            """;
    }

    /// <summary>
    /// Writes <see cref="Kubeconfig"/> to a file of its own and loads it the way AppLauncher does
    /// (<see cref="KubeconfigLoader"/>, the KubernetesClient library): a client over real HTTPS to this server.
    /// </summary>
    public IKubernetes Connect(bool clientCertificate = false, string? token = Token, bool includeCa = true, bool insecure = false) =>
        KubeconfigLoader.Load(WriteKubeconfig(Kubeconfig(clientCertificate, token, includeCa, insecure))).CreateClient();

    /// <summary>A kubeconfig file with <paramref name="text"/>, removed with the server; returns its path.</summary>
    public string WriteKubeconfig(string text)
    {
        var path = Path.Combine(_files.Path, $"kubeconfig-{Interlocked.Increment(ref _kubeconfigs)}");
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Stores an object as if another writer (<paramref name="manager"/>) had made it, with its event.</summary>
    public void Seed(string path, JsonObject obj, string manager = "kubectl")
    {
        lock (_lock)
        {
            Store(path, obj, manager, isNew: !_objects.ContainsKey(path));
        }
    }

    public void SeedLogs(string ns, string pod, string text)
    {
        lock (_lock)
        {
            _logs[$"{ns}/{pod}"] = text;
        }
    }

    public JsonObject? Get(string path)
    {
        lock (_lock)
        {
            return _objects.TryGetValue(path, out var obj) ? (JsonObject)obj.DeepClone() : null;
        }
    }

    public string? ManagerOf(string path)
    {
        lock (_lock)
        {
            return _managers.GetValueOrDefault(path);
        }
    }

    /// <summary>Removes an object as another writer would, with its DELETED event.</summary>
    public void Remove(string path)
    {
        lock (_lock)
        {
            if (_objects.Remove(path, out var obj))
            {
                Event("DELETED", path, obj);
            }
        }
    }

    /// <summary>The next request of <paramref name="method"/> to a path starting with <paramref name="pathPrefix"/> fails with this Status.</summary>
    public void FailNext(string method, string pathPrefix, int code, string reason, string message, JsonArray? causes = null)
    {
        var status = Status(code, reason, message);
        if (causes is not null)
        {
            status["details"] = new JsonObject { ["causes"] = causes };
        }

        lock (_lock)
        {
            _faults.Add((method, pathPrefix, status));
        }
    }

    /// <summary>
    /// What the Job controller and the kubelet write when a Job's pod starts: a pod named and labelled as the controller
    /// names it (<c>{job}-xxxxx</c>, <c>batch.kubernetes.io/job-name</c>, <c>controller-uid</c>, an owner reference),
    /// with the Job's pod template, phase <c>Running</c> and a running container; the Job gets <c>active: 1</c> and its
    /// <c>startTime</c>. Returns the pod's name. Null when there is no such Job.
    /// </summary>
    public string? StartJobPod(string ns, string job)
    {
        lock (_lock)
        {
            var jobPath = $"/apis/batch/v1/namespaces/{ns}/jobs/{job}";
            if (!_objects.TryGetValue(jobPath, out var obj))
            {
                return null;
            }

            var uid = obj["metadata"]!["uid"]!.GetValue<string>();
            var pod = $"{job}-{Guid.NewGuid().ToString("N")[..5]}";
            var now = Rfc3339(DateTimeOffset.UtcNow);
            var template = obj["spec"]!["template"]!;
            var labels = (JsonObject)(template["metadata"]?["labels"]?.DeepClone() ?? new JsonObject());
            labels["batch.kubernetes.io/job-name"] = job;
            labels["job-name"] = job;
            labels["batch.kubernetes.io/controller-uid"] = uid;
            labels["controller-uid"] = uid;
            var container = template["spec"]!["containers"]![0]!;
            var podObject = new JsonObject
            {
                ["apiVersion"] = "v1", ["kind"] = "Pod",
                ["metadata"] = new JsonObject
                {
                    ["name"] = pod, ["namespace"] = ns, ["uid"] = Guid.NewGuid().ToString(), ["creationTimestamp"] = now,
                    ["labels"] = labels,
                    ["annotations"] = template["metadata"]?["annotations"]?.DeepClone(),
                    ["ownerReferences"] = new JsonArray(new JsonObject
                    {
                        ["apiVersion"] = "batch/v1", ["kind"] = "Job", ["name"] = job, ["uid"] = uid, ["controller"] = true, ["blockOwnerDeletion"] = true,
                    }),
                },
                ["spec"] = template["spec"]!.DeepClone(),
                ["status"] = new JsonObject
                {
                    ["phase"] = "Running", ["startTime"] = now,
                    ["containerStatuses"] = new JsonArray(new JsonObject
                    {
                        ["name"] = container["name"]!.DeepClone(), ["image"] = container["image"]!.DeepClone(), ["imageID"] = "",
                        ["ready"] = true, ["started"] = true, ["restartCount"] = 0,
                        ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = now } },
                    }),
                },
            };
            Store($"/api/v1/namespaces/{ns}/pods/{pod}", podObject, "kubelet", isNew: true);
            _logs[$"{ns}/{pod}"] = "";

            obj["status"] = new JsonObject { ["active"] = 1, ["ready"] = 1, ["startTime"] = now };
            Store(jobPath, obj, _managers.GetValueOrDefault(jobPath) ?? "", isNew: false);
            return pod;
        }
    }

    /// <summary>What a running container prints: appended to the pod's log, which the log endpoint serves.</summary>
    /// <summary>
    /// What the Deployment and ReplicaSet controllers and the kubelet write for one pod of a Deployment: a pod named
    /// <c>{deployment}-{hash}-xxxxx</c>, with the template's labels plus <c>pod-template-hash</c>, owned by the
    /// ReplicaSet; running, or (<paramref name="crashLoopExitCode"/>) waiting in <c>CrashLoopBackOff</c> after its last
    /// run exited with that code. <paramref name="restarts"/> is the kubelet's restart count. Null when there is no such Deployment.
    /// </summary>
    public string? StartDeploymentPod(string ns, string deployment, int restarts = 0, int? crashLoopExitCode = null)
    {
        lock (_lock)
        {
            var path = $"/apis/apps/v1/namespaces/{ns}/deployments/{deployment}";
            if (!_objects.TryGetValue(path, out var obj))
            {
                return null;
            }

            var hash = "5d8f7c9b4";
            var replicaSet = $"{deployment}-{hash}";
            var pod = $"{replicaSet}-{Guid.NewGuid().ToString("N")[..5]}";
            var now = Rfc3339(DateTimeOffset.UtcNow);
            var template = obj["spec"]!["template"]!;
            var labels = (JsonObject)(template["metadata"]?["labels"]?.DeepClone() ?? new JsonObject());
            labels["pod-template-hash"] = hash;
            var container = template["spec"]!["containers"]![0]!;
            var state = crashLoopExitCode is { } code
                ? new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "CrashLoopBackOff", ["message"] = $"back-off 40s restarting failed container={container["name"]}" } }
                : new JsonObject { ["running"] = new JsonObject { ["startedAt"] = now } };
            var status = new JsonObject
            {
                ["name"] = container["name"]!.DeepClone(), ["image"] = container["image"]!.DeepClone(), ["imageID"] = "",
                ["ready"] = crashLoopExitCode is null, ["started"] = crashLoopExitCode is null, ["restartCount"] = restarts,
                ["state"] = state,
            };
            if (crashLoopExitCode is { } exit)
            {
                status["lastState"] = new JsonObject
                {
                    ["terminated"] = new JsonObject { ["exitCode"] = exit, ["reason"] = "Error", ["startedAt"] = now, ["finishedAt"] = now },
                };
            }

            var podObject = new JsonObject
            {
                ["apiVersion"] = "v1", ["kind"] = "Pod",
                ["metadata"] = new JsonObject
                {
                    ["name"] = pod, ["namespace"] = ns, ["uid"] = Guid.NewGuid().ToString(), ["creationTimestamp"] = now,
                    ["labels"] = labels,
                    ["annotations"] = template["metadata"]?["annotations"]?.DeepClone(),
                    ["ownerReferences"] = new JsonArray(new JsonObject
                    {
                        ["apiVersion"] = "apps/v1", ["kind"] = "ReplicaSet", ["name"] = replicaSet, ["uid"] = Guid.NewGuid().ToString(), ["controller"] = true, ["blockOwnerDeletion"] = true,
                    }),
                },
                ["spec"] = template["spec"]!.DeepClone(),
                ["status"] = new JsonObject { ["phase"] = "Running", ["startTime"] = now, ["containerStatuses"] = new JsonArray(status) },
            };
            Store($"/api/v1/namespaces/{ns}/pods/{pod}", podObject, "kubelet", isNew: true);
            _logs[$"{ns}/{pod}"] = "";
            return pod;
        }
    }

    public void AppendPodLog(string ns, string pod, string text)
    {
        lock (_lock)
        {
            _logs[$"{ns}/{pod}"] = _logs.GetValueOrDefault($"{ns}/{pod}", "") + text;
        }
    }

    /// <summary>
    /// The Job's pod ended with <paramref name="exitCode"/>: the pod goes to <c>Succeeded</c> or <c>Failed</c> with the
    /// container's terminated state, and the Job gets its counts, <c>completionTime</c> (on success) and the conditions the
    /// controller sets (1.31+: <c>SuccessCriteriaMet</c> then <c>Complete</c>, or <c>FailureTarget</c> then <c>Failed</c>
    /// with reason <c>BackoffLimitExceeded</c>).
    /// </summary>
    public void FinishJob(string ns, string job, int exitCode)
    {
        lock (_lock)
        {
            var now = Rfc3339(DateTimeOffset.UtcNow);
            var jobPath = $"/apis/batch/v1/namespaces/{ns}/jobs/{job}";
            var obj = _objects[jobPath];
            foreach (var (path, pod) in _objects.Where(o => o.Key.StartsWith($"/api/v1/namespaces/{ns}/pods/", StringComparison.Ordinal)
                && o.Value["metadata"]?["labels"]?["batch.kubernetes.io/job-name"]?.GetValue<string>() == job).ToList())
            {
                var status = pod["status"]!.AsObject();
                status["phase"] = exitCode == 0 ? "Succeeded" : "Failed";
                var container = status["containerStatuses"]![0]!.AsObject();
                container["ready"] = false;
                container["started"] = false;
                var startedAt = container["state"]!["running"]!["startedAt"]!.DeepClone();
                container["state"] = new JsonObject
                {
                    ["terminated"] = new JsonObject
                    {
                        ["exitCode"] = exitCode, ["reason"] = exitCode == 0 ? "Completed" : "Error", ["startedAt"] = startedAt, ["finishedAt"] = now,
                    },
                };
                Store(path, pod, "kubelet", isNew: false);
            }

            JsonObject Condition(string type, string? reason, string? message) => new()
            {
                ["type"] = type, ["status"] = "True", ["lastProbeTime"] = now, ["lastTransitionTime"] = now, ["reason"] = reason, ["message"] = message,
            };
            var started = obj["status"]?["startTime"]?.DeepClone() ?? now;
            obj["status"] = exitCode == 0
                ? new JsonObject
                {
                    ["startTime"] = started, ["completionTime"] = now, ["succeeded"] = 1, ["ready"] = 0,
                    ["conditions"] = new JsonArray(Condition("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods"),
                        Condition("Complete", "CompletionsReached", "Reached expected number of succeeded pods")),
                }
                : new JsonObject
                {
                    ["startTime"] = started, ["failed"] = 1, ["ready"] = 0,
                    ["conditions"] = new JsonArray(Condition("FailureTarget", "BackoffLimitExceeded", "Job has reached the specified backoff limit"),
                        Condition("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit")),
                };
            Store(jobPath, obj, _managers.GetValueOrDefault(jobPath) ?? "", isNew: false);
        }
    }

    private static string Rfc3339(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Forgets the event history, as etcd compaction does: a watch from an older resourceVersion gets 410 Expired.</summary>
    public void Compact()
    {
        lock (_lock)
        {
            _compactedThrough = _version;
            _events.Clear();
        }
    }

    /// <summary>
    /// Replaces an object and compacts the history in one step, so a watch that has not caught up cannot see the change:
    /// it gets 410 Expired and must list again.
    /// </summary>
    public void ReplaceAndCompact(string path, JsonObject obj, string manager = "kubectl")
    {
        lock (_lock)
        {
            Store(path, obj, manager, isNew: !_objects.ContainsKey(path));
            _compactedThrough = _version;
            _events.Clear();
        }
    }

    /// <summary>How many watches were ended with an ERROR event carrying 410 Expired.</summary>
    public int ExpiredWatches => Volatile.Read(ref _expiredWatches);

    /// <summary>Closes every open watch stream, as the API server does when a watch times out.</summary>
    public void EndWatches()
    {
        var old = _watches;
        _watches = new CancellationTokenSource();
        old.Cancel();
        old.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        _watches.Cancel();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Certificates.Dispose();
        _files.Dispose();
    }

    private static JsonObject Status(int code, string reason, string message) => new()
    {
        ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Failure",
        ["message"] = message, ["reason"] = reason, ["code"] = code,
    };

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var body = await new StreamReader(request.Body).ReadToEndAsync();
        var hasCertificate = await context.Connection.GetClientCertificateAsync() is not null;
        lock (_lock)
        {
            _requests.Add(new RecordedRequest(request.Method, request.Path.Value ?? "", request.QueryString.Value ?? "", request.ContentType, body,
                request.Headers.Authorization.FirstOrDefault(), hasCertificate));
        }

        if (!hasCertificate && request.Headers.Authorization.FirstOrDefault() != $"Bearer {Token}")
        {
            await WriteAsync(context, Status(401, "Unauthorized", "Unauthorized"));
            return;
        }

        JsonObject? fault = null;
        lock (_lock)
        {
            var index = _faults.FindIndex(f => f.Method == request.Method && (request.Path.Value ?? "").StartsWith(f.Path, StringComparison.Ordinal));
            if (index >= 0)
            {
                fault = _faults[index].Status;
                _faults.RemoveAt(index);
            }
        }

        if (fault is not null)
        {
            await WriteAsync(context, fault);
            return;
        }

        var route = StandInRoute.Parse(request.Path.Value ?? "");
        if (route is null || !Kinds.TryGetValue(route.Plural, out var kind))
        {
            await WriteAsync(context, Status(404, "NotFound", "the server could not find the requested resource"));
            return;
        }

        var handle = (request.Method, route.Name, route.Subresource) switch
        {
            ("GET", null, null) when request.Query["watch"] is ["true" or "1"] => WatchAsync(context, route),
            ("GET", null, null) => ListAsync(context, route),
            ("GET", not null, null) => GetAsync(context, route),
            ("PATCH", not null, null) => ApplyAsync(context, route, kind, body),
            ("DELETE", not null, null) => DeleteAsync(context, route),
            ("GET" or "PATCH", not null, "scale") when route.Plural == "deployments" => ScaleAsync(context, route, body),
            ("GET", not null, "log") when route.Plural == "pods" => LogAsync(context, route),
            _ => WriteAsync(context, Status(405, "MethodNotAllowed", "the server does not allow this method on the requested resource")),
        };
        await handle;
    }

    private Task GetAsync(HttpContext context, StandInRoute route)
    {
        var obj = Get(route.ObjectPath);
        return obj is null ? WriteAsync(context, NotFound(route)) : WriteAsync(context, obj);
    }

    private static JsonObject NotFound(StandInRoute route) =>
        Status(404, "NotFound", $"{route.Plural}{route.GroupSuffix} \"{route.Name}\" not found");

    private Task ApplyAsync(HttpContext context, StandInRoute route, string kind, string body)
    {
        var query = context.Request.Query;
        if (context.Request.ContentType?.Split(';')[0] != "application/apply-patch+yaml")
        {
            return WriteAsync(context, Status(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"));
        }

        if (string.IsNullOrEmpty(query["fieldManager"]))
        {
            return WriteAsync(context, Invalid("PatchOptions.meta.k8s.io", "", new JsonObject { ["field"] = "fieldManager", ["message"] = "Required value: is required for apply patch" }));
        }

        JsonObject obj;
        try
        {
            obj = StandInYaml.Parse(body) as JsonObject ?? throw new FormatException("the body is not an object");
        }
        catch (Exception e) when (e is FormatException or YamlDotNet.Core.YamlException)
        {
            return WriteAsync(context, Status(400, "BadRequest", $"error decoding YAML: {e.Message}"));
        }

        var apiVersion = obj["apiVersion"]?.GetValue<string>();
        if (apiVersion != route.ApiVersion || obj["kind"]?.GetValue<string>() != kind)
        {
            return WriteAsync(context, Status(400, "BadRequest", $"the API version in the data ({apiVersion}) does not match the expected API version ({route.ApiVersion}) or kind is not {kind}"));
        }

        var name = obj["metadata"]?["name"]?.GetValue<string>();
        if (name != route.Name)
        {
            return WriteAsync(context, Status(400, "BadRequest", $"the name of the object ({name}) does not match the name on the URL ({route.Name})"));
        }

        if (route.Namespace is not null && obj["metadata"]?["namespace"]?.GetValue<string>() is { } ns && ns != route.Namespace)
        {
            return WriteAsync(context, Status(400, "BadRequest", "the namespace of the provided object does not match the namespace sent on the request"));
        }

        if (route.Namespace is not null && Get(StandInRoute.NamespacePath(route.Namespace)) is null)
        {
            return WriteAsync(context, Status(404, "NotFound", $"namespaces \"{route.Namespace}\" not found"));
        }

        var causes = StandInValidation.Validate(kind, obj);
        if (causes.Count > 0)
        {
            return WriteAsync(context, Invalid($"{kind}{route.GroupSuffix}", name ?? "", causes.ToArray()));
        }

        lock (_lock)
        {
            var manager = query["fieldManager"].ToString();
            if (_managers.TryGetValue(route.ObjectPath, out var owner) && owner != manager && query["force"] != "true")
            {
                var conflict = Status(409, "Conflict", $"Apply failed with 1 conflict: conflict with \"{owner}\": .spec");
                conflict["details"] = new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["reason"] = "FieldManagerConflict", ["message"] = $"conflict with \"{owner}\"", ["field"] = ".spec" }) };
                return WriteAsync(context, conflict);
            }

            var isNew = !_objects.TryGetValue(route.ObjectPath, out var existing);
            var metadata = obj["metadata"]!.AsObject();
            metadata["namespace"] = route.Namespace;
            metadata["uid"] = existing?["metadata"]?["uid"]?.DeepClone() ?? Guid.NewGuid().ToString();
            if (existing?["spec"]?["replicas"] is { } replicas && obj["spec"] is JsonObject spec && !spec.ContainsKey("replicas"))
            {
                spec["replicas"] = replicas.DeepClone(); // fields another manager owns stay
            }

            Store(route.ObjectPath, obj, manager, isNew);
            return WriteAsync(context, (JsonObject)obj.DeepClone(), isNew ? 201 : 200);
        }
    }

    private static JsonObject Invalid(string kind, string name, params JsonObject[] causes)
    {
        var message = $"{kind} \"{name}\" is invalid: " + string.Join(", ", causes.Select(c => $"{c["field"]}: {c["message"]}"));
        var status = Status(422, "Invalid", message);
        status["details"] = new JsonObject
        {
            ["name"] = name, ["kind"] = kind.Split('.')[0].ToLowerInvariant(),
            ["causes"] = new JsonArray(causes.Select(c => (JsonNode)new JsonObject { ["reason"] = "FieldValueInvalid", ["message"] = c["message"]!.DeepClone(), ["field"] = c["field"]!.DeepClone() }).ToArray()),
        };
        return status;
    }

    private Task ScaleAsync(HttpContext context, StandInRoute route, string body)
    {
        var deployment = Get(route.ObjectPath);
        if (deployment is null)
        {
            return WriteAsync(context, NotFound(route));
        }

        if (context.Request.Method == "PATCH")
        {
            if (context.Request.ContentType?.Split(';')[0] is not ("application/merge-patch+json" or "application/strategic-merge-patch+json"))
            {
                return WriteAsync(context, Status(415, "UnsupportedMediaType", "the body of the request was in an unknown format"));
            }

            var patch = JsonNode.Parse(body);
            if (patch?["spec"]?["replicas"] is not JsonValue value || !value.TryGetValue<int>(out var replicas) || replicas < 0)
            {
                return WriteAsync(context, Invalid("Scale.autoscaling", route.Name!, new JsonObject { ["field"] = "spec.replicas", ["message"] = "Invalid value: must be greater than or equal to 0" }));
            }

            lock (_lock)
            {
                deployment["spec"]!["replicas"] = replicas;
                Store(route.ObjectPath, deployment, _managers.GetValueOrDefault(route.ObjectPath) ?? "", isNew: false);
            }
        }

        return WriteAsync(context, new JsonObject
        {
            ["kind"] = "Scale", ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject { ["name"] = route.Name, ["namespace"] = route.Namespace, ["resourceVersion"] = deployment["metadata"]!["resourceVersion"]!.DeepClone() },
            ["spec"] = new JsonObject { ["replicas"] = deployment["spec"]?["replicas"]?.GetValue<int>() ?? 1 },
            ["status"] = new JsonObject { ["replicas"] = 0 },
        });
    }

    private Task ListAsync(HttpContext context, StandInRoute route)
    {
        var selector = StandInSelector.Parse(context.Request.Query["labelSelector"]);
        lock (_lock)
        {
            var items = _objects.Where(o => route.Contains(o.Key) && selector(o.Value)).OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => o.Value.DeepClone()).ToArray();
            return WriteAsync(context, new JsonObject
            {
                ["kind"] = Kinds[route.Plural] + "List", ["apiVersion"] = route.ApiVersion,
                ["metadata"] = new JsonObject { ["resourceVersion"] = _version.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                ["items"] = new JsonArray(items),
            });
        }
    }

    private async Task WatchAsync(HttpContext context, StandInRoute route)
    {
        var selector = StandInSelector.Parse(context.Request.Query["labelSelector"]);
        if (!long.TryParse(context.Request.Query["resourceVersion"], out var from))
        {
            await WriteAsync(context, Status(400, "BadRequest", "resourceVersion is required for this watch"));
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.StartAsync();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _watches.Token);
        try
        {
            while (true)
            {
                List<(long Version, string Type, JsonObject Object)> pending;
                Task changed;
                JsonObject? expired = null;
                lock (_lock)
                {
                    if (from < _compactedThrough)
                    {
                        // What the real server sends: a 200 stream whose one event is an ERROR carrying a 410 Status.
                        expired = Status(410, "Expired", $"too old resource version: {from} ({_compactedThrough})");
                    }

                    pending = _events.Where(e => e.Version > from && route.Contains(e.Collection) && selector(e.Object))
                        .Select(e => (e.Version, e.Type, e.Object)).ToList();
                    changed = _changed.Task;
                }

                if (expired is not null)
                {
                    Interlocked.Increment(ref _expiredWatches);
                    await WriteLineAsync(context, new JsonObject { ["type"] = "ERROR", ["object"] = expired });
                    return;
                }

                foreach (var (version, type, obj) in pending)
                {
                    await WriteLineAsync(context, new JsonObject { ["type"] = type, ["object"] = obj.DeepClone() });
                    from = version;
                }

                await changed.WaitAsync(stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // the watch "timed out" (EndWatches) or the client went away: end the stream
        }
    }

    private Task DeleteAsync(HttpContext context, StandInRoute route)
    {
        lock (_lock)
        {
            if (!_objects.Remove(route.ObjectPath, out var obj))
            {
                return WriteAsync(context, NotFound(route));
            }

            _managers.Remove(route.ObjectPath);
            Event("DELETED", route.ObjectPath, obj);
            if (route.Plural == "jobs")
            {
                // The garbage collector's part: the Job's pods go with it (Background and Foreground propagation).
                foreach (var pod in _objects.Where(o => o.Key.StartsWith($"/api/v1/namespaces/{route.Namespace}/pods/", StringComparison.Ordinal)
                    && o.Value["metadata"]?["ownerReferences"]?[0]?["uid"]?.GetValue<string>() == obj["metadata"]?["uid"]?.GetValue<string>()).Select(o => o.Key).ToList())
                {
                    if (_objects.Remove(pod, out var removed))
                    {
                        _managers.Remove(pod);
                        Event("DELETED", pod, removed);
                    }
                }
            }

            return WriteAsync(context, obj);
        }
    }

    private Task LogAsync(HttpContext context, StandInRoute route)
    {
        string? text;
        lock (_lock)
        {
            text = _logs.GetValueOrDefault($"{route.Namespace}/{route.Name}");
        }

        if (text is null || context.Request.Query["container"] != "app")
        {
            return WriteAsync(context, Status(404, "NotFound", $"pods \"{route.Name}\" not found"));
        }

        var tail = int.TryParse(context.Request.Query["tailLines"], out var n) ? n : int.MaxValue;
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        context.Response.ContentType = "text/plain";
        return context.Response.WriteAsync(string.Concat(lines.Skip(Math.Max(0, lines.Length - tail)).Select(l => l + "\n")));
    }

    private void Store(string path, JsonObject obj, string manager, bool isNew)
    {
        _version++;
        obj["metadata"]!["resourceVersion"] = _version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _objects[path] = obj;
        _managers[path] = manager;
        Event(isNew ? "ADDED" : "MODIFIED", path, obj);
    }

    private void Event(string type, string path, JsonObject obj)
    {
        if (type == "DELETED")
        {
            _version++;
            obj["metadata"]!["resourceVersion"] = _version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        _events.Add((_version, type, path[..path.LastIndexOf('/')], (JsonObject)obj.DeepClone()));
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }

    private static Task WriteAsync(HttpContext context, JsonObject obj, int? code = null)
    {
        context.Response.StatusCode = code ?? (obj["kind"]?.GetValue<string>() == "Status" ? obj["code"]!.GetValue<int>() : 200);
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(obj.ToJsonString());
    }

    private static async Task WriteLineAsync(HttpContext context, JsonObject obj)
    {
        await context.Response.WriteAsync(obj.ToJsonString() + "\n");
        await context.Response.Body.FlushAsync();
    }
}
