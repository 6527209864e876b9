using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MediaFarm.Services.Heartbeats;

public static class HeartbeatRegistration
{
    /// <summary>The api's part: "Heartbeats" options (validated at start), session opening and the batcher that forwards heartbeats.</summary>
    public static IServiceCollection AddHeartbeats(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HeartbeatOptions>().Bind(configuration.GetSection(HeartbeatOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HeartbeatOptions>, Validator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PlaybackSessions>();
        services.AddSingleton<HeartbeatBatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<HeartbeatBatcher>());
        return services;
    }

    private sealed class Validator : IValidateOptions<HeartbeatOptions>
    {
        public ValidateOptionsResult Validate(string? name, HeartbeatOptions options) =>
            options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
