using MediaFarm.Core.Events;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MediaFarm.Services.Analytics;

public static class AnalyticsRegistration
{
    /// <summary>"Analytics" options (validated at start) and the store: the api (queries) and the services host (the consumer) call it.</summary>
    public static IServiceCollection AddAnalytics(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(AnalyticsStore)))
            return services;
        services.AddCheckedOptions<AnalyticsOptions>(configuration.GetSection(AnalyticsOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AnalyticsStore>();
        return services;
    }

    /// <summary>The "analytics" consumer of playback.heartbeats, with its metrics.</summary>
    public static IServiceCollection AddAnalyticsConsumer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAnalytics(configuration);
        services.TryAddSingleton<AnalyticsMetrics>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IIntegrationEventHandler, AnalyticsConsumer>());
        return services;
    }
}
