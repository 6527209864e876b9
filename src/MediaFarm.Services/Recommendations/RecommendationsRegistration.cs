using MediaFarm.Core.Events;
using MediaFarm.Services.Catalog;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MediaFarm.Services.Recommendations;

public static class RecommendationsRegistration
{
    /// <summary>
    /// "Recommendations" options (validated at start), the store, the model and its service, and the
    /// consumer: the "recommendations" event consumer of playback.heartbeats and the catalog's
    /// title-published observer. Hosts of the endpoints (api) and of the consumers (services) call it;
    /// the endpoints' host provides IViewerDirectory and the catalog (the services host has neither, so the
    /// <see cref="RecommendationService"/> is made per request by the endpoints, not registered).
    /// </summary>
    public static IServiceCollection AddRecommendations(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(RecommendationStore)))
            return services;
        services.AddCheckedOptions<RecommendationOptions>(configuration.GetSection(RecommendationOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RecommendationStore>();
        services.TryAddSingleton(new Recommender());
        services.TryAddSingleton<RecommendationsConsumer>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IIntegrationEventHandler, RecommendationsConsumer>(sp => sp.GetRequiredService<RecommendationsConsumer>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITitlePublishedObserver, RecommendationsConsumer>(sp => sp.GetRequiredService<RecommendationsConsumer>()));
        return services;
    }

    /// <summary>The scheduler role's part: the recurring model job and its one-worker Hangfire server.</summary>
    public static IServiceCollection AddRecommendationModel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRecommendations(configuration);
        services.AddTransient<SimilarityJob>();
        services.AddHostedService<SimilarityJobServer>();
        return services;
    }
}
