using MediaFarm.Core.Events;
using MediaFarm.Infrastructure.Events;
using MediaFarm.Services.Analytics;
using MediaFarm.Services.Catalog;
using MediaFarm.Services.Cdn;
using MediaFarm.Services.Notifications;
using MediaFarm.Services.Playback;
using MediaFarm.Services.Publishing;
using MediaFarm.Services.Recommendations;
using MediaFarm.Services.Webhooks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MediaFarm.Services;

public static class ServicesRegistration
{
    /// <summary>The event handlers of the lightweight services, fed in process or from RabbitMQ.</summary>
    public static IServiceCollection AddMediaFarmServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IIntegrationEventHandler, PublishedAssetRecorder>();
        services.AddCatalog(configuration);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITitlePublishedObserver, NewTitleNotifier>());
        services.AddPlaybackSigning(configuration); // the publisher warms CDNs through signed URLs
        services.AddCdnPublisher(configuration);
        services.AddWebhooks(configuration);
        services.AddAnalyticsConsumer(configuration);
        services.AddRecommendations(configuration);
        services.AddEventConsumers(configuration);
        return services;
    }
}
