using MediaFarm.Core.Events;
using MediaFarm.Infrastructure.Events.RabbitMq;
using MediaFarm.Infrastructure.Metadata;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MediaFarm.Infrastructure.Events;

public static class EventRegistration
{
    /// <summary>The outbox, the transport chosen by Events:Transport, and the relay (for the role that relays).</summary>
    public static IServiceCollection AddIntegrationEvents(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(EventsOptions.Section).Get<EventsOptions>() ?? new EventsOptions();
        services.TryAddSingleton<EventMetrics>();
        services.TryAddSingleton<IOutbox, OutboxStore>();
        services.TryAddSingleton<EventInbox>();
        switch (options.Transport)
        {
            case "InProcess":
                services.TryAddSingleton<IEventTransport, InProcessEventTransport>();
                break;
            case "RabbitMq":
                services.TryAddSingleton<RabbitMqConnection>();
                services.TryAddSingleton<IEventTransport, RabbitMqEventTransport>();
                services.AddHealthChecks().AddCheck<RabbitMqHealthCheck>("events", tags: ["ready"]);
                break;
            default:
                throw new InvalidOperationException($"Events:Transport '{options.Transport}' is unknown: use 'InProcess' or 'RabbitMq'.");
        }
        return services;
    }

    /// <summary>Runs the outbox relay in this process, and the gauge of unrouted events beside it.</summary>
    public static IServiceCollection AddOutboxRelay(this IServiceCollection services)
    {
        services.AddHostedService<OutboxRelayService>();
        services.AddHostedService<UnroutedEventsMonitor>();
        return services;
    }

    /// <summary>Consumes events from RabbitMQ for the registered handlers (in-process delivery needs nothing).</summary>
    public static IServiceCollection AddEventConsumers(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(EventsOptions.Section).Get<EventsOptions>() ?? new EventsOptions();
        if (options.Transport == "RabbitMq")
            services.AddHostedService<RabbitMqConsumerService>();
        return services;
    }
}
