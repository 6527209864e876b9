using MediaFarm.Core.ViewerData;
using MediaFarm.Infrastructure.ViewerData.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MediaFarm.Infrastructure.ViewerData;

public static class ViewerDataRegistration
{
    /// <summary>
    /// Storage:ViewerData: "Metadata" (embedded: tables of the metadata database) or "RedisCluster"
    /// (ConnectionStrings:Redis, seed nodes of the cluster; with the cluster admin, its health and metrics).
    /// </summary>
    public static IServiceCollection AddViewerData(this IServiceCollection services, IConfiguration configuration, StorageOptions options)
    {
        switch (options.ViewerData)
        {
            case "Metadata":
                services.TryAddSingleton<IViewerDataStore, MetadataViewerDataStore>();
                break;
            case "RedisCluster":
                string redis = configuration.GetConnectionString("Redis") is { Length: > 0 } r
                    ? r
                    : throw new InvalidOperationException("Storage:ViewerData is 'RedisCluster' but ConnectionStrings:Redis is not set.");
                services.TryAddSingleton(_ => new RedisCluster(redis));
                services.TryAddSingleton<IViewerDataStore, RedisViewerDataStore>();
                services.TryAddSingleton<RedisClusterAdmin>();
                services.TryAddSingleton<RedisClusterMonitor>();
                services.AddHostedService(sp => sp.GetRequiredService<RedisClusterMonitor>());
                services.AddHealthChecks().Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(
                    "viewer-data", sp => sp.GetRequiredService<RedisClusterMonitor>(), null, ["ready"]));
                break;
            default:
                throw new InvalidOperationException($"Storage:ViewerData '{options.ViewerData}' is unknown: use 'Metadata' or 'RedisCluster'.");
        }
        return services;
    }
}
