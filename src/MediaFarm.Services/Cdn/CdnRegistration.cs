using MediaFarm.Core.Events;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MediaFarm.Services.Cdn;

public static class CdnRegistration
{
    /// <summary>"Cdn" options, validated at start (names, URLs, weights, countries, known kinds), and the edge clients.</summary>
    public static IServiceCollection AddCdnOptions(this IServiceCollection services, IConfiguration configuration)
    {
        // Standalone adds routing and the publisher to one container: binding twice would list every CDN twice.
        if (services.Any(d => d.ImplementationType == typeof(CdnOptionsValidator)))
            return services;
        services.AddOptions<CdnOptions>().Bind(configuration.GetSection(CdnOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CdnOptions>, CdnOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICdnEdgeClient, NginxEdgeClient>());
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>Where playback responses are made (the api): health checks and the per-request choice.</summary>
    public static IServiceCollection AddCdnRouting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCdnOptions(configuration);
        services.AddHttpClient(CdnHealthMonitor.HttpClientName);
        services.TryAddSingleton<CdnHealthMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<CdnHealthMonitor>());
        services.TryAddSingleton<CdnRouter>();
        services.TryAddSingleton<CdnStateStore>();
        return services;
    }

    /// <summary>The publisher (services role): its event consumer and the worker that warms and purges.</summary>
    public static IServiceCollection AddCdnPublisher(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCdnOptions(configuration);
        services.AddHttpClient(NginxEdgeClient.HttpClientName, (sp, http) => http.Timeout = sp.GetRequiredService<IOptions<CdnOptions>>().Value.RequestTimeout);
        services.TryAddSingleton<CdnStateStore>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IIntegrationEventHandler, CdnPublisher>());
        services.AddHostedService<CdnSyncService>();
        return services;
    }

    private sealed class CdnOptionsValidator(IEnumerable<ICdnEdgeClient> clients) : IValidateOptions<CdnOptions>
    {
        public ValidateOptionsResult Validate(string? name, CdnOptions options)
        {
            var problems = options.Problems(clients.Select(c => c.Kind).ToHashSet()).ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
