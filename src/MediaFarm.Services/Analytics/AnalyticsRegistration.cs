using MediaFarm.Core.Events;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MediaFarm.Services.Analytics;

public static class AnalyticsRegistration
{
    /// <summary>"Analytics" options (validated at start) and the store: the api (queries) and the services host (the consumer) call it.</summary>
    public static IServiceCollection AddAnalytics(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(AnalyticsStore)))
            return services;
        services.AddOptions<AnalyticsOptions>().Bind(configuration.GetSection(AnalyticsOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AnalyticsOptions>, Validator>());
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

    private sealed class Validator : IValidateOptions<AnalyticsOptions>
    {
        public ValidateOptionsResult Validate(string? name, AnalyticsOptions options) =>
            options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
