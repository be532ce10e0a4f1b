using System.Text.Json.Serialization;

namespace AppLauncher.Docker;

// The subset of the Docker Engine API (v1.41) models the project uses; names follow the API.

/// <summary>Body of <c>POST /containers/create</c>.</summary>
public sealed class ContainerCreateRequest
{
    public required string Image { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? Cmd { get; init; }

    public List<string> Env { get; init; } = [];
    public Dictionary<string, string> Labels { get; init; } = [];
    public Dictionary<string, object> ExposedPorts { get; init; } = [];
    public HostConfig HostConfig { get; init; } = new();
}

public sealed class HostConfig
{
    public Dictionary<string, List<PortBinding>> PortBindings { get; init; } = [];
    public bool Init { get; init; } = true;
    public RestartPolicy RestartPolicy { get; init; } = new();
    public LogConfig LogConfig { get; init; } = new();
}

public sealed class RestartPolicy
{
    public string Name { get; init; } = "no";
}

public sealed class LogConfig
{
    public string Type { get; init; } = "json-file";
    public Dictionary<string, string> Config { get; init; } = new() { ["max-size"] = "10m", ["max-file"] = "3" };
}

public sealed class PortBinding
{
    public string HostIp { get; init; } = "";
    public string HostPort { get; init; } = "";
}

public sealed record ContainerCreateResponse(string Id, List<string>? Warnings);

/// <summary>Result of <c>GET /containers/{id}/json</c>.</summary>
public sealed class ContainerInspect
{
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public ContainerState State { get; init; } = new();
    public ContainerConfig Config { get; init; } = new();
    public NetworkSettings NetworkSettings { get; init; } = new();
}

public sealed class ContainerState
{
    public string Status { get; init; } = "";
    public bool Running { get; init; }
    public bool Paused { get; init; }
    public int ExitCode { get; init; }
    public bool OOMKilled { get; init; }
    public string Error { get; init; } = "";
}

public sealed class ContainerConfig
{
    public string Image { get; init; } = "";
    public Dictionary<string, string>? Labels { get; init; }
}

public sealed class NetworkSettings
{
    public Dictionary<string, List<PortBinding>?>? Ports { get; init; }
}

/// <summary>One row of <c>GET /containers/json</c>.</summary>
public sealed class ContainerSummary
{
    public string Id { get; init; } = "";
    public List<string> Names { get; init; } = [];
    public string Image { get; init; } = "";
    public string State { get; init; } = "";
    public string Status { get; init; } = "";
    public Dictionary<string, string>? Labels { get; init; }
}

/// <summary>Result of <c>GET /images/{name}/json</c>.</summary>
public sealed class ImageInspect
{
    public string Id { get; init; } = "";
    public List<string>? RepoTags { get; init; }
    public long Size { get; init; }
}

/// <summary>One JSON message of the build output stream.</summary>
public sealed class BuildMessage
{
    [JsonPropertyName("stream")]
    public string? Stream { get; init; }

    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("error")]
    public string? Error { get; init; }

    [JsonPropertyName("aux")]
    public BuildAux? Aux { get; init; }
}

public sealed class BuildAux
{
    [JsonPropertyName("ID")]
    public string? Id { get; init; }
}

/// <summary>Query parameters of <c>POST /build</c>.</summary>
public sealed record BuildParameters(string Tag, string Dockerfile, string NetworkMode);

/// <summary>Result of <c>GET /containers/{id}/stats?stream=false</c> (the fields used).</summary>
public sealed class ContainerStats
{
    [JsonPropertyName("cpu_stats")]
    public CpuStats CpuStats { get; init; } = new();

    [JsonPropertyName("memory_stats")]
    public MemoryStats MemoryStats { get; init; } = new();
}

public sealed class CpuStats
{
    [JsonPropertyName("cpu_usage")]
    public CpuUsage CpuUsage { get; init; } = new();

    [JsonPropertyName("system_cpu_usage")]
    public ulong SystemCpuUsage { get; init; }

    [JsonPropertyName("online_cpus")]
    public int OnlineCpus { get; init; }
}

public sealed class CpuUsage
{
    [JsonPropertyName("total_usage")]
    public ulong TotalUsage { get; init; }
}

public sealed class MemoryStats
{
    [JsonPropertyName("usage")]
    public ulong Usage { get; init; }

    [JsonPropertyName("limit")]
    public ulong Limit { get; init; }
}
