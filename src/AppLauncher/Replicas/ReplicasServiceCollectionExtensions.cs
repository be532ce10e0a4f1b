using AppLauncher.Store;

namespace AppLauncher.Replicas;

/// <summary>Registers a singleton background service that runs on the leader replica only (see <see cref="LeaderOnlyService{T}"/>).</summary>
public static class ReplicasServiceCollectionExtensions
{
    /// <summary>Hosts <typeparamref name="T"/> (registered as a singleton by the caller) on the leader only.</summary>
    public static IServiceCollection AddLeaderOnlyHostedService<T>(this IServiceCollection services)
        where T : class, IHostedService =>
        services.AddHostedService(sp => new LeaderOnlyService<T>(sp.GetRequiredService<T>(), sp.GetRequiredService<ILeaderLease>(), sp.GetRequiredService<ILogger<LeaderOnlyService<T>>>()));
}
