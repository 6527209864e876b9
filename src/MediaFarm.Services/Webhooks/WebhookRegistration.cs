using MediaFarm.Core.Events;
using MediaFarm.Services.Catalog;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MediaFarm.Services.Webhooks;

public static class WebhookRegistration
{
    /// <summary>
    /// "Webhooks" options (validated at start), the store, and the recorder: the "webhooks" event consumer
    /// and the catalog's title.published observer. Hosts of the endpoints (api) and of the consumers (services) call it.
    /// </summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(WebhookStore)))
            return services;
        services.AddCheckedOptions<WebhookOptions>(configuration.GetSection(WebhookOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<WebhookStore>();
        services.TryAddSingleton<WebhookRecorder>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IIntegrationEventHandler, WebhookRecorder>(sp => sp.GetRequiredService<WebhookRecorder>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITitlePublishedObserver, WebhookRecorder>(sp => sp.GetRequiredService<WebhookRecorder>()));
        return services;
    }

    /// <summary>The scheduler role's part: the webhook Hangfire server with its dispatcher, the delivery job and its HTTP client.</summary>
    public static IServiceCollection AddWebhookDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddWebhooks(configuration);
        services.AddHttpClient(WebhookSender.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => WebhookSender.CreateHandler(sp.GetRequiredService<IOptions<WebhookOptions>>().Value));
        services.AddSingleton<WebhookSender>();
        services.AddTransient<WebhookDeliveryJob>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService<WebhookDeliveryServer>();
        return services;
    }
}
