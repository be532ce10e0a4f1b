using System.Collections.Concurrent;
using System.Text.Json;
using AppLauncher.Core.Autoscaling;
using AppLauncher.Store;

namespace AppLauncher.Apps;

/// <summary>Each app's autoscaling policy: kept in the store as JSON, cached here (the proxy reads hold limits per request).</summary>
public sealed class AutoscalingPolicies(IStore store)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<string, AutoscalingPolicy> _cache = new(StringComparer.Ordinal);

    /// <summary>The cached policy (defaults until loaded).</summary>
    public AutoscalingPolicy Cached(string app) => _cache.GetValueOrDefault(app) ?? Defaults;

    public static AutoscalingPolicy Defaults { get; } = new();

    public async Task<AutoscalingPolicy> GetAsync(string app, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(app, out var cached))
        {
            return cached;
        }

        var json = await store.GetAutoscalingAsync(app, cancellationToken);
        var policy = json is null ? new AutoscalingPolicy() : JsonSerializer.Deserialize<AutoscalingPolicy>(json, Json) ?? new AutoscalingPolicy();
        return _cache.GetOrAdd(app, policy);
    }

    /// <summary>Drops the cached policy of a deleted app.</summary>
    public void Forget(string app) => _cache.TryRemove(app, out _);

    /// <summary>Stores a policy the caller has validated.</summary>
    public async Task SetAsync(string app, AutoscalingPolicy policy, CancellationToken cancellationToken)
    {
        await store.SetAutoscalingAsync(app, JsonSerializer.Serialize(policy, Json), cancellationToken);
        _cache[app] = policy;
    }
}
